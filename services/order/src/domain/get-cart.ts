import type { Actor } from "./actor.js";
import { requireCartAccess, viewCart, type CartDeps, type CartView } from "./cart-view.js";

export class GetCart {
  constructor(private readonly deps: CartDeps) {}

  execute(actor: Actor, input: { userId: string }): Promise<CartView> {
    requireCartAccess(actor, input.userId, false);
    return viewCart(this.deps, input.userId, actor.credentials);
  }
}
