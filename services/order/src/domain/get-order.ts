import type { Actor } from "./actor.js";
import type { Order } from "./order.js";
import { requireVisible } from "./order-access.js";
import type { OrderStore } from "./order-store.js";

export class GetOrder {
  constructor(private readonly deps: { store: OrderStore }) {}

  async execute(actor: Actor, input: { id: string }): Promise<Order> {
    // A plain read: a fresh replica may answer, except right after this caller's own write.
    return requireVisible(await this.deps.store.reads(actor.userId).byId(input.id), actor, input.id);
  }
}
