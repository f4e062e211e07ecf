import type { Order } from "./order.js";

export interface FlashSaleResult {
  userId: string;
  saleId: string;
  status: "succeeded" | "failed";
  /** The pending_payment order a successful purchase became. */
  orderId?: string | undefined;
}

/**
 * Live notifications to an order's owner (the gateway's /ws). Called only after the change committed; delivery is
 * best effort (the adapter reports a failed publish), so it never fails or slows the business operation, and the
 * order itself stays the source of truth (GET /orders/{id}).
 */
export interface OrderUpdates {
  orderChanged(order: Order): void;
  flashSaleSettled(result: FlashSaleResult): void;
}

/** For wiring that has no live channel (unit tests of the use cases). */
export const NO_ORDER_UPDATES: OrderUpdates = { orderChanged: () => undefined, flashSaleSettled: () => undefined };
