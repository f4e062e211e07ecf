import type { Insertable, Selectable } from "kysely";
import { toId, toNumber, type SqlInt } from "@bookstore/platform/db";
import { isEventType, isFeedbackKind, type BehaviourEvent } from "../domain/behaviour-event.js";
import type { ScoredBook } from "../domain/event-repository.js";
import type { EventsTable } from "./schema.js";

export const eventToRow = (e: BehaviourEvent): Insertable<EventsTable> => ({
  id: e.id,
  user_id: e.userId,
  type: e.type,
  book_id: e.bookId,
  value: e.value,
  created_at_ms: e.createdAtMs,
  client_event_id: e.clientEventId,
  feedback: e.feedback ?? null,
});

/** Rows were validated on the way in; an unknown type (a newer version's) reads as a view, the weakest signal. */
export const eventFromRow = (row: Selectable<EventsTable>): BehaviourEvent => ({
  id: toId(row.id),
  userId: row.user_id,
  type: isEventType(row.type) ? row.type : "view",
  bookId: row.book_id,
  value: toNumber(row.value),
  ...(row.feedback !== null && isFeedbackKind(row.feedback) ? { feedback: row.feedback } : {}),
  // Rows from before client ids existed are identified by their own id.
  clientEventId: row.client_event_id ?? `server-${toId(row.id)}`,
  createdAtMs: toNumber(row.created_at_ms),
});

/** Aggregates: SQLite sums to bigint, MySQL to a DECIMAL string, counts to a number or bigint. */
export const scoredFromRow = (row: { book_id: string; score: SqlInt | null }): ScoredBook => ({
  bookId: row.book_id,
  score: row.score === null ? 0 : toNumber(row.score),
});
