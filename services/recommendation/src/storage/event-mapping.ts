import type { Insertable } from "kysely";
import { toNumber, type SqlInt } from "@bookstore/platform/db";
import type { BehaviourEvent } from "../domain/behaviour-event.js";
import type { ScoredBook } from "../domain/event-repository.js";
import type { EventsTable } from "./schema.js";

export const eventToRow = (e: BehaviourEvent): Insertable<EventsTable> => ({
  id: e.id,
  user_id: e.userId,
  type: e.type,
  book_id: e.bookId,
  value: e.value,
  created_at_ms: e.createdAtMs,
});

/** Aggregates: SQLite sums to bigint, MySQL to a DECIMAL string, counts to a number or bigint. */
export const scoredFromRow = (row: { book_id: string; score: SqlInt | null }): ScoredBook => ({
  bookId: row.book_id,
  score: row.score === null ? 0 : toNumber(row.score),
});
