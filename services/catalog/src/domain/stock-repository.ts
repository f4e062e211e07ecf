import type { Stock } from "./stock.js";

/**
 * Stock rows change only through conditional single-row UPDATEs, so concurrent writers cannot lose updates
 * or drive a count below zero, whatever the isolation level.
 */
export interface StockRepository {
  byBookId(bookId: string): Promise<Stock | undefined>;
  byBookIds(bookIds: readonly string[]): Promise<Stock[]>;
  /** The latest committed row, even inside a transaction that has read before (for an error's details). */
  currentByBookId(bookId: string): Promise<Stock | undefined>;
  create(bookId: string, available: number): Promise<void>;
  /** Sets available; undefined when the book has no stock row. */
  setAvailable(bookId: string, available: number): Promise<Stock | undefined>;
  /** Sets available for many books in one statement, creating missing rows (reserved 0); bumps versions. */
  upsertAvailable(rows: readonly { bookId: string; available: number }[]): Promise<void>;
  /** available → reserved, only if at least `quantity` is available. False: nothing changed. */
  reserve(bookId: string, quantity: number): Promise<boolean>;
  /** reserved → available (a cancelled or expired order). */
  unreserve(bookId: string, quantity: number): Promise<void>;
  /** reserved drops (sold). */
  sell(bookId: string, quantity: number): Promise<void>;
}
