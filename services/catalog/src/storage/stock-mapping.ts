import type { Selectable } from "kysely";
import { toId, toNumber } from "@bookstore/platform/db";
import type { Stock, StockLine } from "../domain/stock.js";
import type { ReservationsTable, StockTable } from "./schema.js";

export const stockFromRow = (row: Selectable<StockTable>): Stock => ({
  bookId: toId(row.book_id),
  available: toNumber(row.available),
  reserved: toNumber(row.reserved),
  version: toNumber(row.version),
});

export const lineFromReservationRow = (row: Pick<Selectable<ReservationsTable>, "book_id" | "quantity">): StockLine => ({
  bookId: toId(row.book_id),
  quantity: toNumber(row.quantity),
});
