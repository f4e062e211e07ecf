import type { Actor } from "./actor.js";
import { requireCartAccess, viewCart, type CartDeps, type CartView } from "./cart-view.js";
import { requireId } from "./order-lines.js";

export class RemoveCartItem {
  constructor(private readonly deps: CartDeps) {}

  /** Idempotent: removing a book that is not in the cart answers the cart as it is. */
  async execute(actor: Actor, input: { userId: string; bookId: string }): Promise<CartView> {
    requireCartAccess(actor, input.userId, true);
    await this.deps.carts.remove(input.userId, [requireId("bookId", input.bookId)]);
    return viewCart(this.deps, input.userId, actor.credentials);
  }
}
