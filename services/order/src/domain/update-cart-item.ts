import type { Actor } from "./actor.js";
import { quantityAfterUpdate } from "./cart.js";
import { requireCartAccess, viewCart, type CartDeps, type CartView } from "./cart-view.js";

export class UpdateCartItem {
  constructor(private readonly deps: CartDeps) {}

  /** Sets the quantity of a line already in the cart (404 otherwise); removing is DELETE's job. */
  async execute(actor: Actor, input: { userId: string; bookId: string; quantity: number }): Promise<CartView> {
    requireCartAccess(actor, input.userId, true);
    const lines = await this.deps.carts.lines(input.userId);
    const quantity = quantityAfterUpdate(lines, input.bookId, input.quantity);
    await this.deps.carts.setQuantity(input.userId, input.bookId, quantity);
    return viewCart(this.deps, input.userId, actor.credentials);
  }
}
