import { cartLineNotFound, tooManyLines } from "./errors.js";
import { requireId, requireQuantity, type OrderLine } from "./order-lines.js";

export const MAX_CART_LINES = 50;

export type CartLine = OrderLine;

/** Lines bookId → quantity per user. Adapters: SQL (embedded) and a Redis hash (production). */
export interface CartRepository {
  /** In book id order, so both adapters answer alike. */
  lines(userId: string): Promise<CartLine[]>;
  setQuantity(userId: string, bookId: string, quantity: number): Promise<void>;
  remove(userId: string, bookIds: readonly string[]): Promise<void>;
}

/** Adding a book already in the cart adds to its quantity; the sum and the number of lines stay within limits. */
export function quantityAfterAdd(lines: readonly CartLine[], bookId: string, quantity: number): number {
  requireId("bookId", bookId);
  requireQuantity(bookId, quantity);
  const existing = lines.find((l) => l.bookId === bookId);
  if (!existing && lines.length >= MAX_CART_LINES) throw tooManyLines(MAX_CART_LINES);
  return requireQuantity(bookId, (existing?.quantity ?? 0) + quantity);
}

export function quantityAfterUpdate(lines: readonly CartLine[], bookId: string, quantity: number): number {
  requireId("bookId", bookId);
  requireQuantity(bookId, quantity);
  if (!lines.some((l) => l.bookId === bookId)) throw cartLineNotFound(bookId);
  return quantity;
}

/** Numeric order of decimal ids without BigInt: shorter is smaller, then lexical. */
export const byBookId = (a: CartLine, b: CartLine): number =>
  a.bookId.length - b.bookId.length || (a.bookId < b.bookId ? -1 : a.bookId > b.bookId ? 1 : 0);
