import { sql, type ColumnDefinitionBuilder, type Kysely, type Migration } from "kysely";
import type { SqlDialect } from "@bookstore/platform/db";

/**
 * MySQL's utf8mb4_unicode_ci would fold case and accents on compare; these keys are normalized by the service
 * already (lower-cased names, opaque reservation keys), so they compare exactly there, as SQLite does anyway.
 */
const exact = (dialect: SqlDialect) => (c: ColumnDefinitionBuilder) =>
  dialect === "mysql" ? c.notNull().modifyEnd(sql`collate utf8mb4_bin`) : c.notNull();

export function init(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("categories")
        .addColumn("id", "bigint", (c) => c.primaryKey())
        .addColumn("name", "varchar(100)", (c) => c.notNull())
        .addColumn("name_key", "varchar(100)", exact(dialect))
        .addColumn("parent_id", "bigint")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("categories_name_key").unique().on("categories").column("name_key").execute();

      await db.schema
        .createTable("books")
        .addColumn("id", "bigint", (c) => c.primaryKey())
        .addColumn("isbn", "varchar(13)", (c) => c.notNull())
        .addColumn("live_isbn", "varchar(13)")
        .addColumn("title", "varchar(300)", (c) => c.notNull())
        .addColumn("authors", "text", (c) => c.notNull())
        .addColumn("publisher", "varchar(200)", (c) => c.notNull())
        .addColumn("language", "varchar(8)", (c) => c.notNull())
        .addColumn("category_id", "bigint", (c) => c.notNull())
        .addColumn("price_cents", "bigint", (c) => c.notNull())
        .addColumn("currency", "varchar(3)", (c) => c.notNull())
        .addColumn("description", "text", (c) => c.notNull())
        .addColumn("cover_url", "varchar(1000)", (c) => c.notNull())
        .addColumn("published_at", "varchar(10)")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addColumn("deleted", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("changed_at_ms", "bigint", (c) => c.notNull())
        .execute();
      // NULLs never collide on either dialect: deleted books (live_isbn NULL) free their ISBN for a new book.
      await db.schema.createIndex("books_live_isbn").unique().on("books").column("live_isbn").execute();
      await db.schema.createIndex("books_changes").on("books").columns(["changed_at_ms", "id"]).execute();
      await db.schema.createIndex("books_category").on("books").columns(["category_id", "id"]).execute();
      await db.schema.createIndex("books_language").on("books").columns(["language", "id"]).execute();

      await db.schema
        .createTable("stock")
        .addColumn("book_id", "bigint", (c) => c.primaryKey())
        .addColumn("available", "integer", (c) => c.notNull())
        .addColumn("reserved", "integer", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("reservations")
        .addColumn("reservation_key", "varchar(128)", exact(dialect))
        .addColumn("book_id", "bigint", (c) => c.notNull())
        .addColumn("quantity", "integer", (c) => c.notNull())
        .addColumn("state", "varchar(16)", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("reservations_pk", ["reservation_key", "book_id"])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ["reservations", "stock", "books", "categories"]) await db.schema.dropTable(table).execute();
    },
  };
}
