import type { ColumnType } from "kysely";
import type { SqlInt } from "@bookstore/platform/db";
import type { OutboxTables } from "@bookstore/platform/outbox";

/** BIGINT: read as bigint (SQLite) or string (mysql2), written as a decimal string or a number. */
type Big = ColumnType<SqlInt, string | number, string | number>;
/**
 * INTEGER: counts and 0/1 flags (mysql2 reads INT as a number, SQLite as bigint). Updates take SqlInt so that
 * arithmetic on the column itself (`eb("available", "-", n)`, typed as what a read returns) type-checks.
 */
type Int = ColumnType<SqlInt, number, SqlInt>;

export interface BooksTable {
  id: Big;
  isbn: string;
  /** The ISBN while the book is live, NULL once deleted: a unique index on it keeps live ISBNs unique. */
  live_isbn: string | null;
  title: string;
  /** JSON array of names. */
  authors: string;
  publisher: string;
  language: string;
  category_id: Big;
  price_cents: Big;
  currency: string;
  description: string;
  cover_url: string;
  /** YYYY-MM-DD or NULL. */
  published_at: string | null;
  created_at: Big;
  updated_at: Big;
  deleted: Int;
  /** Orders the change feed: strictly increasing across writes (see KyselyBookRepository.nextStamp). */
  changed_at_ms: Big;
}

export interface CategoriesTable {
  id: Big;
  name: string;
  /** Lower-cased name: the unique key. */
  name_key: string;
  parent_id: ColumnType<SqlInt | null, string | number | null, string | number | null>;
  created_at: Big;
}

export interface StockTable {
  book_id: Big;
  available: Int;
  reserved: Int;
  version: Int;
}

export interface ReservationsTable {
  reservation_key: string;
  book_id: Big;
  quantity: Int;
  /** reserved | released | confirmed */
  state: string;
  created_at: Big;
  updated_at: Big;
}

export interface ListingTasksTable {
  task_id: Big;
  isbn: string;
  stock: Int;
  /** high | normal */
  priority: string;
  /** queued | running | done | failed */
  status: string;
  /** "" unless failed. */
  reason: string;
  enqueued_at: Big;
  finished_at: ColumnType<SqlInt | null, string | number | null, string | number | null>;
}

export interface CatalogDb extends OutboxTables {
  books: BooksTable;
  categories: CategoriesTable;
  stock: StockTable;
  reservations: ReservationsTable;
  listing_tasks: ListingTasksTable;
}
