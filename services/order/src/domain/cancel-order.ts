import type { Actor } from "./actor.js";
import type { Clock } from "./clock.js";
import { invalidTransition, orderNotFound } from "./errors.js";
import { cancel, type Order } from "./order.js";
import { requireOwnerOrStaff } from "./order-access.js";
import type { OrderStore } from "./order-store.js";
import type { OrderUpdates } from "./order-updates-port.js";
import type { ReleaseOrderHolds } from "./release-order-holds.js";
import { saveCancellation } from "./save-cancellation.js";

export class CancelOrder {
  constructor(private readonly deps: { store: OrderStore; release: ReleaseOrderHolds; clock: Clock; updates: OrderUpdates }) {}

  /**
   * The status flips first (conditionally, so a payment landing at the same moment wins or loses cleanly; the
   * order.cancelled event commits with it), then stock and coupon go back. If that release fails the order stays
   * releasePending for the sweeper.
   */
  async execute(actor: Actor, input: { id: string }): Promise<Order> {
    const { store } = this.deps;
    const order = requireOwnerOrStaff(await store.orders.byId(input.id), actor, input.id);
    // While its placement saga runs, the saga owns the order's stock and coupon (it compensates on failure).
    const saga = await store.sagas.byOrderId(order.id);
    if (saga && saga.state !== "completed") throw invalidTransition(order.id, `placing (${saga.state})`, "cancelled");
    const cancelled = cancel(order, this.deps.clock.now().getTime());
    if (!(await saveCancellation(store, cancelled, "cancelled_by_user"))) {
      const current = await store.orders.byId(order.id);
      if (!current) throw orderNotFound(order.id);
      throw invalidTransition(order.id, current.status, "cancelled");
    }
    store.noteWrite(order.userId);
    this.deps.updates.orderChanged(cancelled);
    await this.deps.release.execute(cancelled, actor.credentials);
    return { ...cancelled, releasePending: false };
  }
}
