import { badField } from "./errors.js";

export const MAX_AVAILABLE = 1_000_000;
export const MAX_LINES = 100;
export const MAX_RESERVATION_KEY = 128;

/** available = sellable now; reserved = held by unpaid orders. Neither ever goes negative. */
export interface Stock {
  readonly bookId: string;
  readonly available: number;
  readonly reserved: number;
  /** Bumped by every change: optimistic concurrency for readers that compare. */
  readonly version: number;
}

export interface StockLine {
  readonly bookId: string;
  readonly quantity: number;
}

export function availableField(raw: number): number {
  if (!Number.isSafeInteger(raw) || raw < 0 || raw > MAX_AVAILABLE)
    throw badField("available", `must be an integer from 0 to ${MAX_AVAILABLE}`, { max: MAX_AVAILABLE });
  return raw;
}

export function reservationKey(raw: string): string {
  if (raw.length < 1 || raw.length > MAX_RESERVATION_KEY)
    throw badField("key", `must be 1 to ${MAX_RESERVATION_KEY} characters`, { max: MAX_RESERVATION_KEY });
  return raw;
}

/**
 * One line per book (quantities of repeated books add up), sorted by book id: every transaction then locks
 * stock rows in the same order, so two multi-line reservations cannot deadlock each other.
 */
export function stockLines(lines: readonly StockLine[]): StockLine[] {
  if (lines.length < 1 || lines.length > MAX_LINES) throw badField("lines", `must hold 1 to ${MAX_LINES} lines`);
  const merged = new Map<string, number>();
  for (const line of lines) {
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_AVAILABLE)
      throw badField("lines.quantity", `must be an integer from 1 to ${MAX_AVAILABLE}`, { bookId: line.bookId });
    merged.set(line.bookId, (merged.get(line.bookId) ?? 0) + line.quantity);
  }
  return [...merged]
    .map(([bookId, quantity]) => ({ bookId, quantity }))
    .sort((a, b) => compareIds(a.bookId, b.bookId));
}

/** Snowflake ids are decimal strings: shorter is smaller, equal lengths compare as text. */
export const compareIds = (a: string, b: string): number =>
  a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
