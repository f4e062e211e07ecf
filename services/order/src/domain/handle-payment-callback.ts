import { systemActor } from "./actor.js";
import type { StockPort } from "./catalog-port.js";
import type { Clock } from "./clock.js";
import type { CouponPort } from "./coupon-port.js";
import { badCallback, badSignature } from "./errors.js";
import type { FailureReporter } from "./failure-reporter.js";
import { markPaid, type Order } from "./order.js";
import { orderPaidEvent } from "./outbox-port.js";
import type { OrderStore } from "./order-store.js";
import type { OrderUpdates } from "./order-updates-port.js";
import { settle } from "./payment.js";
import { parsePaymentEvent, type PaymentEvent } from "./payment-event.js";
import { verifySignature } from "./payment-signature.js";
import type { PurchaseEvents } from "./purchase-events-port.js";

export interface PaymentCallbackDeps {
  store: OrderStore;
  stock: StockPort;
  coupons: CouponPort;
  purchases: PurchaseEvents;
  reporter: FailureReporter;
  clock: Clock;
  hmacSecret: string;
  updates: OrderUpdates;
}

interface Outcome {
  applied: boolean;
  paid?: Order;
  /** Paid, but the order had left pending_payment (expired and cancelled) before the money arrived. */
  orphan?: Order;
}

export class HandlePaymentCallback {
  constructor(private readonly deps: PaymentCallbackDeps) {}

  /**
   * Signature first (401), then the body (400). The remote steps of a success (sell the reserved stock, use
   * the coupon) are idempotent and run *before* the event is recorded: if one fails the provider's retry
   * runs them again, whereas a recorded event would make every retry a no-op and strand the reservation.
   */
  async execute(input: { rawBody: Uint8Array; signature: string }): Promise<{ applied: boolean }> {
    const { store, clock } = this.deps;
    if (!verifySignature(this.deps.hmacSecret, input.rawBody, input.signature)) throw badSignature();
    const event = parsePaymentEvent(input.rawBody);
    const payment = await store.payments.byId(event.paymentId);
    if (!payment || payment.orderId !== event.orderId) throw badCallback("unknown payment", { paymentId: event.paymentId });
    if (payment.amountCents !== event.amountCents)
      throw badCallback("amount does not match the payment", { expected: payment.amountCents, got: event.amountCents });
    const order = await store.orders.byId(payment.orderId);
    if (!order) throw badCallback("unknown order", { orderId: event.orderId });
    const settles = event.status === "succeeded" && payment.status === "pending" && order.status === "pending_payment";
    if (settles) await this.settleRemotely(order);

    const nowMs = clock.now().getTime();
    const outcome = await store.transaction(async (r): Promise<Outcome> => {
      if (!(await r.events.add(event.eventId, payment.id, nowMs))) return { applied: false };
      const current = await r.payments.byId(payment.id);
      if (current?.status !== "pending") return { applied: false };
      await r.payments.update(settle(current, event.status, nowMs), "pending");
      if (event.status === "failed") return { applied: true };
      const latest = (await r.orders.byId(order.id)) ?? order;
      if (latest.status !== "pending_payment") return { applied: true, orphan: latest };
      const paid = markPaid(latest, nowMs);
      if (!(await r.orders.update(paid, "pending_payment"))) return { applied: true, orphan: latest };
      // order.paid commits with the status change (transactional outbox): consumers see it iff the order is paid.
      await r.outbox.add([orderPaidEvent(paid, nowMs)]);
      return { applied: true, paid };
    });
    store.noteWrite(order.userId);
    if (outcome.orphan) this.reportOrphan(outcome.orphan, event);
    if (outcome.paid) {
      this.deps.updates.orderChanged(outcome.paid);
      await this.recordPurchase(outcome.paid);
    }
    return { applied: outcome.applied };
  }

  private async settleRemotely(order: Order): Promise<void> {
    const on = systemActor(order.userId).credentials;
    await this.deps.stock.confirm(order.id, on);
    if (order.couponId) await this.deps.coupons.use(order.id, on);
  }

  /** Money arrived for an order that was cancelled meanwhile (it expired): it needs a refund. */
  private reportOrphan(order: Order, event: PaymentEvent): void {
    // TODO(issue 3): refunds with the durable job system; until then the failure is counted and logged.
    this.deps.reporter.report("payment_for_closed_order", new Error(`order is ${order.status}`), {
      orderId: order.id,
      paymentId: event.paymentId,
    });
  }

  private async recordPurchase(order: Order): Promise<void> {
    try {
      await this.deps.purchases.recordPurchase(order.userId, order.items, systemActor(order.userId).credentials);
    } catch (e) {
      this.deps.reporter.report("recommendation_purchase_event", e, { orderId: order.id });
    }
  }
}
