import { createClient, type Client, type Transport } from "@connectrpc/connect";
import { CatalogService } from "@bookstore/contracts/catalog/v1/catalog";
import { callerHeaders } from "@bookstore/platform/rpc";
import { compareNewest } from "../domain/newest.js";
import type { NewestBooks } from "../domain/catalog-port.js";

/** Recommendations read the catalog for themselves, not for a user: as an internal service caller. */
const AS_SERVICE = {
  headers: callerHeaders({ userId: "0", role: "service", permissions: ["*:read"] }),
  timeoutMs: 5_000,
};

/** The catalog's first page of books, newest first, behind the NewestBooks port. */
export class CatalogClient implements NewestBooks {
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
}
