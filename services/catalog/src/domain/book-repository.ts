import type { Book } from "./book.js";
import type { BookChange, ChangeCursor } from "./book-change.js";

export interface BookFilter {
  categoryId?: string;
  language?: string;
  isbn?: string;
}

export interface BookPage {
  items: Book[];
  total: number;
}

/**
 * Books, deleted ones included (reads that must hide them check `deleted`). Every write also moves the book's
 * change stamp forward, which orders the change feed; the stamp is a storage detail and never part of `Book`.
 */
export interface BookRepository {
  byId(id: string): Promise<Book | undefined>;
  byIds(ids: readonly string[]): Promise<Book[]>;
  /** The book that currently holds this ISBN (deleted books hold none). */
  liveByIsbn(isbn: string): Promise<Book | undefined>;
  /** isbn → id of the live book holding it, for those ISBNs that one holds. */
  liveIdsByIsbn(isbns: readonly string[]): Promise<Map<string, string>>;
  /** Books that are not deleted, newest first. */
  list(filter: BookFilter, page: { offset: number; limit: number }): Promise<BookPage>;
  /** Every book ever stored, deleted ones included. */
  count(): Promise<number>;
  /** Throws CONFLICT when another live book holds the ISBN. */
  insert(book: Book): Promise<void>;
  /** Writes every field of the book; throws CONFLICT when another live book holds the ISBN. */
  update(book: Book): Promise<void>;
  /** Marks books changed without changing them (their stock moved). */
  touch(ids: readonly string[], nowMs: number): Promise<void>;
  /** Changes strictly after the cursor, oldest first. */
  changesAfter(cursor: ChangeCursor, limit: number): Promise<BookChange[]>;
}
