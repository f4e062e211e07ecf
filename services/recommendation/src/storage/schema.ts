import type { ColumnType } from "kysely";
import type { SqlInt } from "@bookstore/platform/db";
import type { OutboxTables } from "@bookstore/platform/outbox";

/** BIGINT: read as bigint (SQLite) or string (mysql2), written as a decimal string or a number. */
type Big = ColumnType<SqlInt, string | number, string | number>;
type Int = ColumnType<SqlInt, number, number>;

/** Append-only behaviour events. User and book ids belong to other services: opaque varchar(32) here. */
export interface EventsTable {
  id: Big;
  user_id: string;
  type: string;
  book_id: string;
  value: Int;
  created_at_ms: Big;
  /** The client's event id, unique per user; NULL on rows stored before it existed. */
  client_event_id: string | null;
  /** like | dislike | not_interested on feedback events that named one. */
  feedback: string | null;
}

/** processed_events (from OutboxTables) de-duplicates consumed order.paid events. */
export interface RecommendationDb extends OutboxTables {
  events: EventsTable;
}
