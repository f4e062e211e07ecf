import type { Actor } from "./actor.js";
import type { Order } from "./order.js";
import { requireVisible } from "./order-access.js";
import type { OrderRepository } from "./order-store.js";

export class GetOrder {
  constructor(private readonly deps: { orders: OrderRepository }) {}

  async execute(actor: Actor, input: { id: string }): Promise<Order> {
    return requireVisible(await this.deps.orders.byId(input.id), actor, input.id);
  }
}
