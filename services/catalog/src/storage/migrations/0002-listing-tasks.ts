import { sql, type Kysely, type Migration } from "kysely";
import type { SqlDialect } from "@bookstore/platform/db";

/** Listing task records: any catalog instance answers GET from them, and a restart fails what a dead one left. */
export function listingTasks(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("listing_tasks")
        .addColumn("task_id", "bigint", (c) => c.primaryKey())
        // Digits only (normalized), so a binary collation changes nothing and costs nothing.
        .addColumn("isbn", "varchar(13)", (c) => (dialect === "mysql" ? c.notNull().modifyEnd(sql`collate utf8mb4_bin`) : c.notNull()))
        .addColumn("stock", "integer", (c) => c.notNull())
        .addColumn("priority", "varchar(8)", (c) => c.notNull())
        .addColumn("status", "varchar(8)", (c) => c.notNull())
        .addColumn("reason", "varchar(200)", (c) => c.notNull())
        .addColumn("enqueued_at", "bigint", (c) => c.notNull())
        .addColumn("finished_at", "bigint")
        .execute();
      // The restart sweep looks for unfinished records by age; retention deletes finished ones by age.
      await db.schema.createIndex("listing_tasks_status").on("listing_tasks").columns(["status", "enqueued_at"]).execute();
      await db.schema.createIndex("listing_tasks_finished").on("listing_tasks").column("finished_at").execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("listing_tasks").execute();
    },
  };
}
