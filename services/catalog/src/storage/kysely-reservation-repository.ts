import type { Kysely } from "kysely";
import { isDuplicateKeyError } from "@bookstore/platform/db";
import { ReservationKeyTaken, type ReservationRepository, type ReservationState } from "../domain/reservation-repository.js";
import type { StockLine } from "../domain/stock.js";
import type { CatalogDb } from "./schema.js";
import { lineFromReservationRow } from "./stock-mapping.js";

export class KyselyReservationRepository implements ReservationRepository {
  constructor(private readonly db: Kysely<CatalogDb>) {}

  async exists(key: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("reservations")
      .select("book_id")
      .where("reservation_key", "=", key)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async add(key: string, lines: readonly StockLine[], nowMs: number): Promise<void> {
    try {
      await this.db
        .insertInto("reservations")
        .values(
          lines.map((l) => ({
            reservation_key: key,
            book_id: l.bookId,
            quantity: l.quantity,
            state: "reserved",
            created_at: nowMs,
            updated_at: nowMs,
          })),
        )
        .execute();
    } catch (e) {
      if (isDuplicateKeyError(e)) throw new ReservationKeyTaken(key);
      throw e;
    }
  }

  async settle(key: string, to: Exclude<ReservationState, "reserved">, nowMs: number): Promise<StockLine[]> {
    // The state condition makes the transition happen once: a concurrent settle waits on the row lock, then
    // finds nothing left in "reserved" and moves no stock.
    const r = await this.db
      .updateTable("reservations")
      .set({ state: to, updated_at: nowMs })
      .where("reservation_key", "=", key)
      .where("state", "=", "reserved")
      .executeTakeFirst();
    if (r.numUpdatedRows === 0n) return [];
    const rows = await this.db
      .selectFrom("reservations")
      .select(["book_id", "quantity"])
      .where("reservation_key", "=", key)
      .orderBy("book_id")
      .execute();
    return rows.map(lineFromReservationRow);
  }
}
