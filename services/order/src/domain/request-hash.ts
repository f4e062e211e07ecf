import { createHash } from "node:crypto";
import { badIdempotencyKey } from "./errors.js";
import type { OrderLine } from "./order-lines.js";

export const MAX_IDEMPOTENCY_KEY_LENGTH = 128;

export interface OrderRequest {
  /** Already merged (one line per book); empty when the order comes from the cart. */
  readonly items: readonly OrderLine[];
  readonly fromCart: boolean;
  readonly couponId: string | null;
  readonly addressId: string | null;
}

export function requireIdempotencyKey(key: string): string {
  if (key.length < 1 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) throw badIdempotencyKey(MAX_IDEMPOTENCY_KEY_LENGTH);
  return key;
}

/**
 * sha256 of the canonical request: fixed key order, lines sorted by book, so the same order sent with lines
 * reordered or split still counts as "the same body". A from-cart order hashes the flag, not the cart's
 * contents, so retrying it after the cart was emptied replays instead of failing.
 */
export function requestHash(req: OrderRequest): string {
  const items = [...req.items]
    .sort((a, b) => (a.bookId < b.bookId ? -1 : a.bookId > b.bookId ? 1 : 0))
    .map((l) => [l.bookId, l.quantity]);
  const canonical = JSON.stringify([["items", items], ["fromCart", req.fromCart], ["couponId", req.couponId], ["addressId", req.addressId]]);
  return createHash("sha256").update(canonical).digest("hex");
}
