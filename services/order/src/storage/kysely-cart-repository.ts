import type { Kysely } from "kysely";
import { toNumber, type SqlDialect } from "@bookstore/platform/db";
import { byBookId, type CartLine, type CartRepository } from "../domain/cart.js";
import type { Clock } from "../domain/clock.js";
import type { OrderDb } from "./schema.js";

/** Embedded profile: carts in the order service's own database. */
export class KyselyCartRepository implements CartRepository {
  constructor(
    private readonly db: Kysely<OrderDb>,
    private readonly dialect: SqlDialect,
    private readonly clock: Clock,
  ) {}

  async lines(userId: string): Promise<CartLine[]> {
    const rows = await this.db.selectFrom("cart_items").select(["book_id", "quantity"]).where("user_id", "=", userId).execute();
    return rows.map((r) => ({ bookId: r.book_id, quantity: toNumber(r.quantity) })).sort(byBookId);
  }

  async setQuantity(userId: string, bookId: string, quantity: number): Promise<void> {
    const now = this.clock.now().getTime();
    const insert = this.db.insertInto("cart_items").values({ user_id: userId, book_id: bookId, quantity, updated_at: now });
    if (this.dialect === "mysql") await insert.onDuplicateKeyUpdate({ quantity, updated_at: now }).execute();
    else await insert.onConflict((oc) => oc.columns(["user_id", "book_id"]).doUpdateSet({ quantity, updated_at: now })).execute();
  }

  async remove(userId: string, bookIds: readonly string[]): Promise<void> {
    if (bookIds.length === 0) return;
    await this.db.deleteFrom("cart_items").where("user_id", "=", userId).where("book_id", "in", [...bookIds]).execute();
  }
}
