import { systemActor } from "./actor.js";
import type { Clock } from "./clock.js";
import { paymentWindowOpen } from "./errors.js";
import { cancel, isExpired } from "./order.js";
import type { OrderStore } from "./order-store.js";
import type { OrderUpdates } from "./order-updates-port.js";
import type { ReleaseOrderHolds } from "./release-order-holds.js";
import { saveCancellation } from "./save-cancellation.js";

export type ExpireOrderOutcome = "cancelled" | "released" | "settled" | "missing";

/**
 * The payment-deadline job of one order: cancel it if still unpaid, and give its stock and coupon back.
 * Idempotent, because the job is at-least-once: a paid, shipped or already-cancelled order is left alone, and
 * a cancelled order whose release failed earlier is released again. A failed release throws so the job retries.
 */
export class ExpireOrder {
  constructor(private readonly deps: { store: OrderStore; release: ReleaseOrderHolds; clock: Clock; updates: OrderUpdates }) {}

  async execute(input: { orderId: string }): Promise<ExpireOrderOutcome> {
    const { store, release, clock } = this.deps;
    const order = await store.orders.byId(input.orderId);
    // A placement that was compensated removed its order: nothing was held.
    if (!order) return "missing";
    if (order.status === "cancelled" && order.releasePending) {
      await release.execute(order, systemActor(order.userId).credentials);
      return "released";
    }
    if (order.status !== "pending_payment") return "settled";
    const nowMs = clock.now().getTime();
    if (!isExpired(order, nowMs)) throw paymentWindowOpen(order.id, order.expiresAtMs - nowMs);
    const cancelled = cancel(order, nowMs);
    // Lost the race to a payment or the owner's cancel: theirs stands.
    if (!(await saveCancellation(store, cancelled, "payment_timeout"))) return "settled";
    this.deps.updates.orderChanged(cancelled);
    await release.execute(cancelled, systemActor(order.userId).credentials);
    return "cancelled";
  }
}
