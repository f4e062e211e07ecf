import type { Kysely, Migration } from "kysely";

export function init(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("events")
        .addColumn("id", "bigint", (c) => c.primaryKey())
        .addColumn("user_id", "varchar(32)", (c) => c.notNull())
        .addColumn("type", "varchar(16)", (c) => c.notNull())
        .addColumn("book_id", "varchar(32)", (c) => c.notNull())
        .addColumn("value", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("created_at_ms", "bigint", (c) => c.notNull())
        .execute();
      // Popularity scans a time window; co-occurrence goes book → users → their books; "bought by" is per user.
      await db.schema.createIndex("events_created").on("events").columns(["created_at_ms"]).execute();
      await db.schema.createIndex("events_book_user").on("events").columns(["book_id", "user_id"]).execute();
      await db.schema.createIndex("events_user_type_book").on("events").columns(["user_id", "type", "book_id"]).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("events").execute();
    },
  };
}
