import type { Actor } from "./actor.js";
import type { Clock, Ids } from "./clock.js";
import { invalidTransition, paymentWindowClosed } from "./errors.js";
import { isExpired } from "./order.js";
import { requireOwner } from "./order-access.js";
import type { OrderStore } from "./order-store.js";
import { newPayment, type Payment } from "./payment.js";
import type { PaymentProvider } from "./payment-provider-port.js";

export interface PayOrderDeps {
  store: OrderStore;
  provider: PaymentProvider;
  clock: Clock;
  ids: Ids;
}

export class PayOrder {
  constructor(private readonly deps: PayOrderDeps) {}

  /**
   * Starts (or, while one is still pending, returns) the order's payment. The order row is touched first
   * inside the transaction, which serialises two clicks on "pay": the second finds the first's payment.
   */
  async execute(actor: Actor, input: { id: string }): Promise<Payment> {
    const { store, clock, ids } = this.deps;
    const nowMs = clock.now().getTime();
    const order = requireOwner(await store.orders.byId(input.id), actor, input.id);
    if (order.status !== "pending_payment") throw invalidTransition(order.id, order.status, "paid");
    if (isExpired(order, nowMs)) throw paymentWindowClosed(order.id);
    // An order whose placement saga has not completed (still running, or being compensated) cannot be paid.
    const saga = await store.sagas.byOrderId(order.id);
    if (saga && saga.state !== "completed") throw invalidTransition(order.id, `placing (${saga.state})`, "paid");
    const payment = await store.transaction(async (r) => {
      if (!(await r.orders.update({ ...order, updatedAtMs: nowMs }, "pending_payment"))) {
        const current = await r.orders.byId(order.id);
        throw invalidTransition(order.id, current?.status ?? "gone", "paid");
      }
      const pending = await r.payments.pendingFor(order.id);
      if (pending) return pending;
      const fresh = newPayment(await r.ids.claim(ids.next(), "payment"), order.id, order.payableCents, nowMs);
      await r.payments.insert(fresh);
      return fresh;
    });
    store.noteWrite(order.userId);
    // After the commit, so the callback finds the row. Asked again for a pending payment too: a request lost
    // in a crash is then healed by paying again, and the provider ignores a payment it is already working on.
    this.deps.provider.requestPayment({ paymentId: payment.id, orderId: order.id, amountCents: payment.amountCents });
    return payment;
  }
}
