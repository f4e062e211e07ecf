import { createClient, type Client, type Transport } from "@connectrpc/connect";
import { CatalogService, type Book, type Stock } from "@bookstore/contracts/catalog/v1/catalog";
import { callerHeaders } from "@bookstore/platform/rpc";
import type { BookChange, CatalogFeed, ChangePage, FeedCursor } from "../domain/catalog-feed.js";

/** The index is fed by the service itself, not on behalf of a user: it reads as an internal service caller. */
const AS_SERVICE = {
  headers: callerHeaders({ userId: "0", role: "service", permissions: ["*:read"] }),
  // A hung peer must not hold the poll loop (and shutdown) forever.
  timeoutMs: 5_000,
};

function toChange(book: Book, stock: Stock | undefined): BookChange {
  return {
    id: book.id,
    isbn: book.isbn,
    title: book.title,
    authors: book.authors,
    publisher: book.publisher,
    language: book.language,
    categoryId: book.categoryId,
    priceCents: Number(book.priceCents),
    description: book.description,
    createdAtMs: Number(book.createdAtMs),
    deleted: book.deleted,
    available: stock?.available,
  };
}

/** The catalog's ListBookChanges and ListCategories behind the search domain's CatalogFeed port. */
export class CatalogFeedClient implements CatalogFeed {
  private readonly client: Client<typeof CatalogService>;

  constructor(transport: Transport) {
    this.client = createClient(CatalogService, transport);
  }

  async changes(after: FeedCursor, limit: number): Promise<ChangePage> {
    const res = await this.client.listBookChanges(
      { afterChangedAtMs: BigInt(after.changedAtMs), afterId: after.id, limit },
      AS_SERVICE,
    );
    const stocks = new Map(res.stocks.map((s) => [s.bookId, s]));
    return {
      changes: res.books.map((b) => toChange(b, stocks.get(b.id))),
      next: { changedAtMs: Number(res.nextChangedAtMs), id: res.nextId },
    };
  }

  /** Listed books now (deleted ones not counted): what a full rebuild expects to index, for its progress. */
  async bookCount(): Promise<number> {
    return (await this.client.listBooks({ page: 1, size: 1 }, AS_SERVICE)).total;
  }

  async categoryNames(): Promise<ReadonlyMap<string, string>> {
    const res = await this.client.listCategories({}, AS_SERVICE);
    return new Map(res.categories.map((c) => [c.id, c.name]));
  }
}
