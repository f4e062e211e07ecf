import { sql, type ColumnDefinitionBuilder, type Kysely, type Migration } from "kysely";
import type { SqlDialect } from "@bookstore/platform/db";

/**
 * MySQL compares varchar case-insensitively under utf8mb4_unicode_ci: client-chosen keys (Idempotency-Key,
 * provider event ids) must be exact, so those columns are binary-collated there. SQLite compares exactly anyway.
 */
const exact = (dialect: SqlDialect) => (c: ColumnDefinitionBuilder) =>
  dialect === "mysql" ? c.notNull().modifyEnd(sql`collate utf8mb4_bin`) : c.notNull();

export function init(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("orders")
        .addColumn("id", "bigint", (c) => c.primaryKey())
        .addColumn("user_id", "varchar(32)", (c) => c.notNull())
        .addColumn("status", "varchar(20)", (c) => c.notNull())
        .addColumn("total_cents", "bigint", (c) => c.notNull())
        .addColumn("discount_cents", "bigint", (c) => c.notNull())
        .addColumn("payable_cents", "bigint", (c) => c.notNull())
        .addColumn("currency", "varchar(3)", (c) => c.notNull())
        .addColumn("coupon_id", "varchar(32)")
        .addColumn("address_id", "varchar(32)")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addColumn("expires_at", "bigint", (c) => c.notNull())
        .addColumn("release_pending", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex("orders_user_created").on("orders").columns(["user_id", "created_at"]).execute();
      await db.schema.createIndex("orders_status_expires").on("orders").columns(["status", "expires_at"]).execute();
      await db.schema.createIndex("orders_release_pending").on("orders").columns(["release_pending"]).execute();

      await db.schema
        .createTable("order_items")
        .addColumn("order_id", "bigint", (c) => c.notNull())
        .addColumn("line_no", "integer", (c) => c.notNull())
        .addColumn("book_id", "varchar(32)", (c) => c.notNull())
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("quantity", "integer", (c) => c.notNull())
        .addColumn("price_cents", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("order_items_pk", ["order_id", "line_no"])
        .execute();

      await db.schema
        .createTable("idempotency_keys")
        .addColumn("user_id", "varchar(32)", (c) => c.notNull())
        .addColumn("idem_key", "varchar(128)", exact(dialect))
        .addColumn("request_hash", "varchar(64)", (c) => c.notNull())
        .addColumn("order_id", "bigint", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("idempotency_keys_pk", ["user_id", "idem_key"])
        .execute();

      await db.schema
        .createTable("payments")
        .addColumn("id", "bigint", (c) => c.primaryKey())
        .addColumn("order_id", "bigint", (c) => c.notNull())
        .addColumn("amount_cents", "bigint", (c) => c.notNull())
        .addColumn("status", "varchar(16)", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("payments_order_status").on("payments").columns(["order_id", "status"]).execute();

      await db.schema
        .createTable("processed_payment_events")
        .addColumn("event_id", "varchar(128)", (c) => exact(dialect)(c).primaryKey())
        .addColumn("payment_id", "bigint", (c) => c.notNull())
        .addColumn("processed_at", "bigint", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("cart_items")
        .addColumn("user_id", "varchar(32)", (c) => c.notNull())
        .addColumn("book_id", "varchar(32)", (c) => c.notNull())
        .addColumn("quantity", "integer", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("cart_items_pk", ["user_id", "book_id"])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ["cart_items", "processed_payment_events", "payments", "idempotency_keys", "order_items", "orders"])
        await db.schema.dropTable(table).ifExists().execute();
    },
  };
}
