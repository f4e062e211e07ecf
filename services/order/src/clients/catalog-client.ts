import { createClient, type Client, type Transport } from "@connectrpc/connect";
import { CatalogService } from "@bookstore/contracts/catalog/v1/catalog";
import { callerHeaders } from "@bookstore/platform/rpc";
import type { Credentials } from "../domain/actor.js";
import type { BookCatalog, PricedBook, StockPort } from "../domain/catalog-port.js";
import type { OrderLine } from "../domain/order-lines.js";

const on = (credentials: Credentials) => ({ headers: callerHeaders(credentials) });

/** The catalog behind the order service's ports; peer failures arrive as AppError (client interceptor). */
export class CatalogClient implements BookCatalog, StockPort {
  private readonly client: Client<typeof CatalogService>;

  constructor(transport: Transport) {
    this.client = createClient(CatalogService, transport);
  }

  async booksByIds(ids: readonly string[], credentials: Credentials): Promise<ReadonlyMap<string, PricedBook>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const res = await this.client.batchGetBooks({ ids: unique }, on(credentials));
    // A soft-deleted book can no longer be bought: treated like an unknown one.
    return new Map(
      res.books
        .filter((b) => !b.deleted)
        .map((b) => [b.id, { id: b.id, title: b.title, priceCents: Number(b.priceCents), currency: b.currency }]),
    );
  }

  async reserve(key: string, lines: readonly OrderLine[], credentials: Credentials): Promise<void> {
    await this.client.reserveStock(
      { key, lines: lines.map((l) => ({ bookId: l.bookId, quantity: l.quantity })) },
      on(credentials),
    );
  }

  async release(key: string, credentials: Credentials): Promise<void> {
    await this.client.releaseStock({ key }, on(credentials));
  }

  async confirm(key: string, credentials: Credentials): Promise<void> {
    await this.client.confirmStock({ key }, on(credentials));
  }
}
