import type { Kysely, Migration } from "kysely";
import type { SqlDialect } from "@bookstore/platform/db";

/** Flash sales and their purchases; the purchase table doubles as the durable queue the order worker drains. */
export function flashSales(_dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("flash_sales")
        .addColumn("id", "bigint", (c) => c.primaryKey())
        .addColumn("book_id", "varchar(32)", (c) => c.notNull())
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("price_cents", "bigint", (c) => c.notNull())
        .addColumn("currency", "varchar(3)", (c) => c.notNull())
        .addColumn("quantity", "integer", (c) => c.notNull())
        .addColumn("remaining", "integer", (c) => c.notNull())
        .addColumn("starts_at", "bigint", (c) => c.notNull())
        .addColumn("ends_at", "bigint", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("units_released", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex("flash_sales_ended").on("flash_sales").columns(["units_released", "ends_at"]).execute();

      await db.schema
        .createTable("flash_sale_purchases")
        .addColumn("sale_id", "bigint", (c) => c.notNull())
        .addColumn("user_id", "varchar(32)", (c) => c.notNull())
        .addColumn("unit", "integer", (c) => c.notNull())
        .addColumn("status", "varchar(16)", (c) => c.notNull())
        .addColumn("order_id", "bigint")
        .addColumn("reason", "varchar(200)")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("flash_sale_purchases_pk", ["sale_id", "user_id"])
        .execute();
      // A unit belongs to one purchase: a second gate handing out the same unit fails instead of double-selling it.
      await db.schema
        .createIndex("flash_sale_purchases_unit").unique().on("flash_sale_purchases").columns(["sale_id", "unit"]).execute();
      await db.schema
        .createIndex("flash_sale_purchases_queue").on("flash_sale_purchases").columns(["status", "created_at"]).execute();
      await db.schema.createIndex("flash_sale_purchases_order").on("flash_sale_purchases").columns(["order_id"]).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("flash_sale_purchases").execute();
      await db.schema.dropTable("flash_sales").execute();
    },
  };
}
