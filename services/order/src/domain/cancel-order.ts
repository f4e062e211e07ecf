import type { Actor } from "./actor.js";
import type { Clock } from "./clock.js";
import { cancel, type Order } from "./order.js";
import { requireOwnerOrStaff } from "./order-access.js";
import type { OrderRepository } from "./order-store.js";
import type { ReleaseOrderHolds } from "./release-order-holds.js";
import { saveTransition } from "./save-transition.js";

export class CancelOrder {
  constructor(private readonly deps: { orders: OrderRepository; release: ReleaseOrderHolds; clock: Clock }) {}

  /**
   * The status flips first (conditionally, so a payment landing at the same moment wins or loses cleanly),
   * then stock and coupon go back. If that release fails the order stays releasePending for the sweeper.
   */
  async execute(actor: Actor, input: { id: string }): Promise<Order> {
    const order = requireOwnerOrStaff(await this.deps.orders.byId(input.id), actor, input.id);
    const cancelled = await saveTransition(this.deps.orders, order, cancel(order, this.deps.clock.now().getTime()));
    await this.deps.release.execute(cancelled, actor.credentials);
    return { ...cancelled, releasePending: false };
  }
}
