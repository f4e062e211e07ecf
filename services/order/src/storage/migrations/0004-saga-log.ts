import type { Kysely, Migration } from "kysely";
import type { SqlDialect } from "@bookstore/platform/db";

/**
 * The place-order saga log (issue 4): one row per order saga and one per step, written before each remote step
 * runs, so a process that dies mid-saga leaves enough behind for another to compensate it.
 */
export function sagaLog(_dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("sagas")
        .addColumn("order_id", "bigint", (c) => c.primaryKey())
        .addColumn("user_id", "varchar(32)", (c) => c.notNull())
        .addColumn("idem_key", "varchar(200)", (c) => c.notNull())
        .addColumn("state", "varchar(16)", (c) => c.notNull())
        .addColumn("current_step", "varchar(40)", (c) => c.notNull())
        .addColumn("attempts", "integer", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .execute();
      // Recovery scans non-final sagas by age.
      await db.schema.createIndex("sagas_state_updated").on("sagas").columns(["state", "updated_at"]).execute();
      await db.schema
        .createTable("saga_steps")
        .addColumn("order_id", "bigint", (c) => c.notNull())
        .addColumn("seq", "integer", (c) => c.notNull())
        .addColumn("step", "varchar(40)", (c) => c.notNull())
        .addColumn("status", "varchar(16)", (c) => c.notNull())
        .addColumn("input", "text", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("saga_steps_pk", ["order_id", "seq"])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("saga_steps").execute();
      await db.schema.dropTable("sagas").execute();
    },
  };
}
