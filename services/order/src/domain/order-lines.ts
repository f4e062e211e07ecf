import { badId, badQuantity, bookNotFound, emptyOrder, tooManyLines } from "./errors.js";
import type { OrderItem } from "./order.js";
import type { PricedBook } from "./catalog-port.js";

export const MAX_QUANTITY = 99;

export interface OrderLine {
  readonly bookId: string;
  readonly quantity: number;
}

/** Ids of other services are Snowflake decimal strings; anything else cannot name a book. */
export const isId = (s: string): boolean => /^[1-9]\d{0,18}$/.test(s) && BigInt(s) < 1n << 63n;

export function requireId(field: string, value: string): string {
  if (!isId(value)) throw badId(field, value);
  return value;
}

export function requireQuantity(bookId: string, quantity: number): number {
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) throw badQuantity(bookId, quantity, MAX_QUANTITY);
  return quantity;
}

/** One line per book (quantities added up), in first-seen order; every line and every sum within 1..99. */
export function mergeLines(lines: readonly OrderLine[], maxLines: number): OrderLine[] {
  if (lines.length === 0) throw emptyOrder();
  const merged = new Map<string, number>();
  for (const line of lines) {
    requireId("bookId", line.bookId);
    requireQuantity(line.bookId, line.quantity);
    const sum = (merged.get(line.bookId) ?? 0) + line.quantity;
    merged.set(line.bookId, requireQuantity(line.bookId, sum));
  }
  if (merged.size > maxLines) throw tooManyLines(maxLines);
  return [...merged].map(([bookId, quantity]) => ({ bookId, quantity }));
}

/** Prices and titles come from the catalog at order time, never from the client. */
export function priceLines(lines: readonly OrderLine[], books: ReadonlyMap<string, PricedBook>): OrderItem[] {
  return lines.map((line) => {
    const book = books.get(line.bookId);
    if (!book) throw bookNotFound(line.bookId);
    return { bookId: line.bookId, title: book.title, quantity: line.quantity, priceCents: book.priceCents };
  });
}
