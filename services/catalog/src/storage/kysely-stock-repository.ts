import { sql, type Kysely } from "kysely";
import type { SqlDialect } from "@bookstore/platform/db";
import type { Stock } from "../domain/stock.js";
import type { StockRepository } from "../domain/stock-repository.js";
import type { CatalogDb } from "./schema.js";
import { stockFromRow } from "./stock-mapping.js";

/**
 * Each change is one conditional UPDATE evaluated by the database against the row's current values, so
 * concurrent reservations serialize on the row lock and never oversell (no read-modify-write in JS).
 */
export class KyselyStockRepository implements StockRepository {
  constructor(
    private readonly db: Kysely<CatalogDb>,
    private readonly dialect: SqlDialect,
  ) {}

  async byBookId(bookId: string): Promise<Stock | undefined> {
    const row = await this.db.selectFrom("stock").selectAll().where("book_id", "=", bookId).executeTakeFirst();
    return row && stockFromRow(row);
  }

  async byBookIds(bookIds: readonly string[]): Promise<Stock[]> {
    if (bookIds.length === 0) return [];
    const rows = await this.db.selectFrom("stock").selectAll().where("book_id", "in", [...bookIds]).execute();
    return rows.map(stockFromRow);
  }

  async currentByBookId(bookId: string): Promise<Stock | undefined> {
    let q = this.db.selectFrom("stock").selectAll().where("book_id", "=", bookId);
    // InnoDB's plain SELECT reads the transaction's snapshot (taken at its first read); a locking read sees the
    // latest row. SQLite has no FOR UPDATE and needs none: its one writer already sees the latest state.
    if (this.dialect === "mysql") q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row && stockFromRow(row);
  }

  async create(bookId: string, available: number): Promise<void> {
    await this.db.insertInto("stock").values({ book_id: bookId, available, reserved: 0, version: 1 }).execute();
  }

  async setAvailable(bookId: string, available: number): Promise<Stock | undefined> {
    const r = await this.db
      .updateTable("stock")
      .set((eb) => ({ available, version: eb("version", "+", 1) }))
      .where("book_id", "=", bookId)
      .executeTakeFirst();
    if (r.numUpdatedRows === 0n) return undefined;
    return this.byBookId(bookId);
  }

  async upsertAvailable(rows: readonly { bookId: string; available: number }[]): Promise<void> {
    if (rows.length === 0) return;
    const insert = this.db
      .insertInto("stock")
      .values(rows.map((r) => ({ book_id: r.bookId, available: r.available, reserved: 0, version: 1 })));
    if (this.dialect === "mysql")
      await insert.onDuplicateKeyUpdate({ available: sql`VALUES(available)`, version: sql`version + 1` }).execute();
    else
      await insert
        .onConflict((oc) =>
          oc.column("book_id").doUpdateSet((eb) => ({
            available: eb.ref("excluded.available"),
            version: eb("stock.version", "+", 1),
          })),
        )
        .execute();
  }

  async reserve(bookId: string, quantity: number): Promise<boolean> {
    const r = await this.db
      .updateTable("stock")
      .set((eb) => ({
        available: eb("available", "-", quantity),
        reserved: eb("reserved", "+", quantity),
        version: eb("version", "+", 1),
      }))
      .where("book_id", "=", bookId)
      .where("available", ">=", quantity)
      .executeTakeFirst();
    return r.numUpdatedRows === 1n;
  }

  async unreserve(bookId: string, quantity: number): Promise<void> {
    await this.moveReserved(bookId, quantity, quantity);
  }

  async sell(bookId: string, quantity: number): Promise<void> {
    await this.moveReserved(bookId, quantity, 0);
  }

  /** reserved -= quantity, available += back. A reservation row vouches for the units, so this always applies. */
  private async moveReserved(bookId: string, quantity: number, back: number): Promise<void> {
    await this.db
      .updateTable("stock")
      .set((eb) => ({
        available: eb("available", "+", back),
        reserved: eb("reserved", "-", quantity),
        version: eb("version", "+", 1),
      }))
      .where("book_id", "=", bookId)
      .where("reserved", ">=", quantity)
      .execute();
  }
}
