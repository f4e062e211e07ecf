import type { Kysely, Migration } from "kysely";

/**
 * Events get the client's id (unique per user: a retried POST is stored once) and the explicit feedback kind; the
 * item model reads a user's events in time order. Rows from before keep a NULL client id (NULLs never collide).
 */
export function eventIdentity(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("events").addColumn("client_event_id", "varchar(64)").execute();
      await db.schema.alterTable("events").addColumn("feedback", "varchar(16)").execute();
      await db.schema.createIndex("events_user_client_id").unique().on("events").columns(["user_id", "client_event_id"]).execute();
      await db.schema.createIndex("events_user_time").on("events").columns(["user_id", "created_at_ms", "id"]).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex("events_user_time").on("events").execute();
      await db.schema.dropIndex("events_user_client_id").on("events").execute();
      await db.schema.alterTable("events").dropColumn("feedback").execute();
      await db.schema.alterTable("events").dropColumn("client_event_id").execute();
    },
  };
}
