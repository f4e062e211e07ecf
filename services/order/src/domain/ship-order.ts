import type { Actor } from "./actor.js";
import type { Clock } from "./clock.js";
import { ship, type Order } from "./order.js";
import { requireStaff } from "./order-access.js";
import type { OrderRepository } from "./order-store.js";
import type { OrderUpdates } from "./order-updates-port.js";
import { saveTransition } from "./save-transition.js";

export class ShipOrder {
  constructor(private readonly deps: { orders: OrderRepository; clock: Clock; updates: OrderUpdates }) {}

  /** Staff with order:write only: paid → shipped. */
  async execute(actor: Actor, input: { id: string }): Promise<Order> {
    const order = requireStaff(await this.deps.orders.byId(input.id), actor, input.id);
    const shipped = await saveTransition(this.deps.orders, order, ship(order, this.deps.clock.now().getTime()));
    this.deps.updates.orderChanged(shipped);
    return shipped;
  }
}
