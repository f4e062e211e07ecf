import type { Kysely, Migration } from "kysely";
import type { SqlDialect } from "@bookstore/platform/db";

/** Daily cart started/converted counters for the admin dashboard's abandonment rate (issue 9, domain/cart-stats.ts). */
export function cartDailyStats(_dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("cart_daily_stats")
        .addColumn("day", "varchar(10)", (c) => c.primaryKey())
        .addColumn("started", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("converted", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("cart_daily_stats").execute();
    },
  };
}
