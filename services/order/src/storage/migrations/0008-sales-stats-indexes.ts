import type { Kysely, Migration } from "kysely";
import type { SqlDialect } from "@bookstore/platform/db";

/** The dashboard's daily sales figures (GetSalesStats) read orders by creation time and payments by settle time. */
export function salesStatsIndexes(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex("orders_created").on("orders").columns(["created_at"]).execute();
      await db.schema.createIndex("payments_status_updated").on("payments").columns(["status", "updated_at"]).execute();
    },
    async down(db: Kysely<unknown>) {
      // MySQL names the table of an index; SQLite's index names are global.
      for (const [index, table] of [["payments_status_updated", "payments"], ["orders_created", "orders"]] as const) {
        const drop = db.schema.dropIndex(index);
        await (dialect === "mysql" ? drop.on(table) : drop).execute();
      }
    },
  };
}
