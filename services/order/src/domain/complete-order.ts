import type { Actor } from "./actor.js";
import type { Clock } from "./clock.js";
import { complete, type Order } from "./order.js";
import { requireOwnerOrStaff } from "./order-access.js";
import type { OrderRepository } from "./order-store.js";
import type { OrderUpdates } from "./order-updates-port.js";
import { saveTransition } from "./save-transition.js";

export class CompleteOrder {
  constructor(private readonly deps: { orders: OrderRepository; clock: Clock; updates: OrderUpdates }) {}

  /** The owner confirms receipt (or staff with order:write does): shipped → completed. */
  async execute(actor: Actor, input: { id: string }): Promise<Order> {
    const order = requireOwnerOrStaff(await this.deps.orders.byId(input.id), actor, input.id);
    const completed = await saveTransition(this.deps.orders, order, complete(order, this.deps.clock.now().getTime()));
    this.deps.updates.orderChanged(completed);
    return completed;
  }
}
