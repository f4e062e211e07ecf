import type { Insertable, Selectable } from "kysely";
import { toBool, toId, toNumber } from "@bookstore/platform/db";
import type { Book } from "../domain/book.js";
import type { BooksTable } from "./schema.js";

function authorsFromColumn(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === "string")) throw new Error(`bad authors column: ${json}`);
  return parsed;
}

export const bookFromRow = (row: Selectable<BooksTable>): Book => ({
  id: toId(row.id),
  isbn: row.isbn,
  title: row.title,
  authors: authorsFromColumn(row.authors),
  publisher: row.publisher,
  language: row.language,
  categoryId: toId(row.category_id),
  priceCents: toNumber(row.price_cents),
  currency: row.currency,
  description: row.description,
  coverUrl: row.cover_url,
  publishedAt: row.published_at,
  createdAtMs: toNumber(row.created_at),
  updatedAtMs: toNumber(row.updated_at),
  deleted: toBool(row.deleted),
});

/** Every column but the change stamp, which the repository assigns on each write. */
export const bookToRow = (book: Book): Omit<Insertable<BooksTable>, "changed_at_ms"> => ({
  id: book.id,
  isbn: book.isbn,
  live_isbn: book.deleted ? null : book.isbn,
  title: book.title,
  authors: JSON.stringify(book.authors),
  publisher: book.publisher,
  language: book.language,
  category_id: book.categoryId,
  price_cents: book.priceCents,
  currency: book.currency,
  description: book.description,
  cover_url: book.coverUrl,
  published_at: book.publishedAt,
  created_at: book.createdAtMs,
  updated_at: book.updatedAtMs,
  deleted: book.deleted ? 1 : 0,
});
