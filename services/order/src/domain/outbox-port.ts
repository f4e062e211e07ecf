import type { Order } from "./order.js";

/** A domain event written in the transaction of the change it describes (transactional outbox, issue 4). */
export interface OutboxEvent {
  readonly topic: string;
  /** The aggregate (order id): consumers may rely on per-key order. */
  readonly key: string;
  readonly data: unknown;
}

export interface Outbox {
  add(events: readonly OutboxEvent[]): Promise<void>;
}

export type CancelReason = "cancelled_by_user" | "payment_timeout";

/** Payloads agreed for issue 4 (brief): order.paid {orderId, userId, items, paidAtMs}. */
export const orderPaidEvent = (order: Order, paidAtMs: number): OutboxEvent => ({
  topic: "order.paid",
  key: order.id,
  data: { orderId: order.id, userId: order.userId, items: order.items.map((i) => ({ bookId: i.bookId, quantity: i.quantity })), paidAtMs },
});

/** order.cancelled {orderId, userId, reason}. */
export const orderCancelledEvent = (order: Order, reason: CancelReason): OutboxEvent => ({
  topic: "order.cancelled",
  key: order.id,
  data: { orderId: order.id, userId: order.userId, reason },
});
