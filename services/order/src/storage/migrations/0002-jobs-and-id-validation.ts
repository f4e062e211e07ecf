import type { Kysely, Migration } from "kysely";
import type { SqlDialect } from "@bookstore/platform/db";
import { createJobsTable, dropJobsTable } from "@bookstore/platform/jobs";

/**
 * The SQL job table (durable jobs in the embedded profile), and the id double-check of issue 3: every new
 * order/payment id is recorded in id_validation (unique), and id_fallback_seq hands out a counter when one collides.
 */
export function jobsAndIdValidation(_dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await createJobsTable(db);
      await db.schema
        .createTable("id_validation")
        .addColumn("id", "bigint", (c) => c.primaryKey())
        .addColumn("kind", "varchar(16)", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .execute();
      // AUTOINCREMENT (SQLite) / AUTO_INCREMENT (MariaDB): never reuses a value, even after a rollback or delete.
      await db.schema
        .createTable("id_fallback_seq")
        .addColumn("seq", "integer", (c) => c.primaryKey().autoIncrement())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("id_fallback_seq").ifExists().execute();
      await db.schema.dropTable("id_validation").ifExists().execute();
      await dropJobsTable(db);
    },
  };
}
