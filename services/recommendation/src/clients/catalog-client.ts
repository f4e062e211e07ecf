import { createClient, type Client, type Transport } from "@connectrpc/connect";
import { CatalogService, type Book } from "@bookstore/contracts/catalog/v1/catalog";
import { callerHeaders } from "@bookstore/platform/rpc";
import type { BookLookup } from "../domain/book-lookup.js";
import type { CatalogFeed, FeedCursor, FeedPage, NewestBooks } from "../domain/catalog-port.js";
import type { BookFeatures } from "../domain/content-index.js";
import { compareNewest } from "../domain/newest.js";

/** Recommendations read the catalog for themselves, not for a user: as an internal service caller. */
const AS_SERVICE = {
  headers: callerHeaders({ userId: "0", role: "service", permissions: ["*:read"] }),
  timeoutMs: 5_000,
};

const featuresOf = (b: Book): BookFeatures => ({
  id: b.id,
  title: b.title,
  authors: [...b.authors],
  categoryId: b.categoryId,
  createdAtMs: Number(b.createdAtMs),
  deleted: b.deleted,
});

/** The catalog behind the recommendation ports: its first page, its change feed and category names, book lookups. */
export class CatalogClient implements NewestBooks, CatalogFeed, BookLookup {
  private readonly client: Client<typeof CatalogService>;

  constructor(transport: Transport) {
    this.client = createClient(CatalogService, transport);
  }

  async newest(limit: number): Promise<string[]> {
    const res = await this.client.listBooks({ page: 1, size: limit }, AS_SERVICE);
    return res.books
      .filter((b) => !b.deleted)
      .map((b) => ({ id: b.id, createdAtMs: Number(b.createdAtMs) }))
      .sort(compareNewest)
      .map((b) => b.id);
  }

  async changes(after: FeedCursor, limit: number): Promise<FeedPage> {
    const res = await this.client.listBookChanges({ afterChangedAtMs: BigInt(after.changedAtMs), afterId: after.id, limit }, AS_SERVICE);
    return { books: res.books.map(featuresOf), next: { changedAtMs: Number(res.nextChangedAtMs), id: res.nextId } };
  }

  async categoryNames(): Promise<ReadonlyMap<string, string>> {
    const res = await this.client.listCategories({}, AS_SERVICE);
    return new Map(res.categories.map((c) => [c.id, c.name]));
  }

  async listed(bookIds: readonly string[]): Promise<Set<string>> {
    const res = await this.client.batchGetBooks({ ids: [...bookIds] }, AS_SERVICE);
    return new Set(res.books.filter((b) => !b.deleted).map((b) => b.id));
  }
}
