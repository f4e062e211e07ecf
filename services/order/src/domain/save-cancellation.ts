import { orderCancelledEvent, type CancelReason } from "./outbox-port.js";
import type { Order } from "./order.js";
import type { OrderStore } from "./order-store.js";

/**
 * Stores a cancellation (pending_payment → cancelled, conditional) and its order.cancelled event in one
 * transaction. False when the order had left pending_payment meanwhile (a payment or another cancel won).
 */
export function saveCancellation(store: OrderStore, cancelled: Order, reason: CancelReason): Promise<boolean> {
  return store.transaction(async (r) => {
    if (!(await r.orders.update(cancelled, "pending_payment"))) return false;
    await r.outbox.add([orderCancelledEvent(cancelled, reason)]);
    return true;
  });
}
