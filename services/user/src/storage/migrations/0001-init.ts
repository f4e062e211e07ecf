import { sql, type ColumnDefinitionBuilder, type Kysely, type Migration } from "kysely";
import type { SqlDialect } from "@bookstore/platform/db";

/**
 * MySQL's utf8mb4_unicode_ci would fold case and accents on compare; the keys below are normalized by the
 * service already (lower-cased, hex), so they are compared exactly there, as SQLite does anyway.
 */
const exact = (dialect: SqlDialect) => (c: ColumnDefinitionBuilder) =>
  dialect === "mysql" ? c.notNull().modifyEnd(sql`collate utf8mb4_bin`) : c.notNull();

export function init(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("users")
        .addColumn("id", "bigint", (c) => c.primaryKey())
        .addColumn("username", "varchar(32)", (c) => c.notNull())
        .addColumn("username_key", "varchar(32)", exact(dialect))
        .addColumn("email", "varchar(254)", exact(dialect))
        .addColumn("password_hash", "varchar(255)", (c) => c.notNull())
        .addColumn("role", "varchar(16)", (c) => c.notNull())
        .addColumn("disabled", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("users_username_key").unique().on("users").column("username_key").execute();
      await db.schema.createIndex("users_email").unique().on("users").column("email").execute();

      await db.schema
        .createTable("sessions")
        .addColumn("id", "bigint", (c) => c.primaryKey())
        .addColumn("family_id", "bigint", (c) => c.notNull())
        .addColumn("user_id", "bigint", (c) => c.notNull())
        .addColumn("token_hash", "varchar(64)", exact(dialect))
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("expires_at", "bigint", (c) => c.notNull())
        .addColumn("revoked_at", "bigint")
        .execute();
      await db.schema.createIndex("sessions_token_hash").unique().on("sessions").column("token_hash").execute();
      await db.schema.createIndex("sessions_family").on("sessions").column("family_id").execute();
      await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

      await db.schema
        .createTable("addresses")
        .addColumn("id", "bigint", (c) => c.primaryKey())
        .addColumn("user_id", "bigint", (c) => c.notNull())
        .addColumn("recipient", "varchar(64)", (c) => c.notNull())
        .addColumn("phone", "varchar(32)", (c) => c.notNull())
        .addColumn("region", "varchar(128)", (c) => c.notNull())
        .addColumn("line1", "varchar(255)", (c) => c.notNull())
        .addColumn("postal_code", "varchar(16)", (c) => c.notNull())
        .addColumn("is_default", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("addresses_user").on("addresses").column("user_id").execute();

      await db.schema
        .createTable("coupons")
        .addColumn("id", "bigint", (c) => c.primaryKey())
        .addColumn("user_id", "bigint", (c) => c.notNull())
        .addColumn("discount_cents", "bigint", (c) => c.notNull())
        .addColumn("min_order_cents", "bigint", (c) => c.notNull())
        .addColumn("status", "varchar(16)", (c) => c.notNull())
        .addColumn("expires_at", "bigint")
        .addColumn("order_id", "varchar(32)")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("coupons_user").on("coupons").column("user_id").execute();
      // NULLs never collide on either dialect: many coupons hold no order, each order at most one coupon.
      await db.schema.createIndex("coupons_order").unique().on("coupons").column("order_id").execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ["coupons", "addresses", "sessions", "users"]) await db.schema.dropTable(table).execute();
    },
  };
}
