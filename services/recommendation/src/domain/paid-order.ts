import { isBookId, type BehaviourEvent } from "./behaviour-event.js";
import { parseJsonObject } from "./json-object.js";
import type { Ids } from "./ports.js";

/** The order service's order.paid event (agreed payload). */
export interface PaidOrder {
  readonly orderId: string;
  readonly userId: string;
  readonly items: readonly { readonly bookId: string; readonly quantity: number }[];
  readonly paidAtMs: number;
}

const PURCHASE = "purchase" as const;
/** The purchase value range (see behaviour-event.ts): a larger quantity counts as the maximum. */
const MAX_QUANTITY = 1_000;

/** Reads an order.paid payload; undefined when it is not one (a malformed event is skipped, never retried forever). */
export function parsePaidOrder(payload: string): PaidOrder | undefined {
  const o = parseJsonObject(payload);
  if (!o) return undefined;
  if (typeof o["orderId"] !== "string" || typeof o["userId"] !== "string" || !Array.isArray(o["items"])) return undefined;
  const items = (o["items"] as unknown[]).flatMap((i) => {
    if (typeof i !== "object" || i === null) return [];
    const { bookId, quantity } = i as Record<string, unknown>;
    return typeof bookId === "string" && typeof quantity === "number" ? [{ bookId, quantity }] : [];
  });
  const paidAtMs = typeof o["paidAtMs"] === "number" ? o["paidAtMs"] : 0;
  return { orderId: o["orderId"], userId: o["userId"], items, paidAtMs };
}

/** One purchase behaviour event per ordered book (quantities of a repeated book add up), at the payment's time. */
export function purchasesOf(order: PaidOrder, ids: Ids, nowMs: number): BehaviourEvent[] {
  if (order.userId.length === 0 || order.userId.length > 32) return [];
  const quantities = new Map<string, number>();
  for (const item of order.items) {
    if (!isBookId(item.bookId) || !Number.isInteger(item.quantity) || item.quantity < 1) continue;
    quantities.set(item.bookId, (quantities.get(item.bookId) ?? 0) + item.quantity);
  }
  const at = order.paidAtMs > 0 ? order.paidAtMs : nowMs;
  return [...quantities].map(([bookId, quantity]) => ({
    id: ids.next(),
    userId: order.userId,
    type: PURCHASE,
    bookId,
    value: Math.min(quantity, MAX_QUANTITY),
    // One purchase per order and book: a replayed order.paid cannot add it twice even past processed_events.
    clientEventId: `order-${order.orderId.slice(0, 24)}-${bookId}`,
    createdAtMs: at,
  }));
}
