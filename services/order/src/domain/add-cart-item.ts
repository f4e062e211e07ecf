import type { Actor } from "./actor.js";
import { quantityAfterAdd } from "./cart.js";
import type { CartFunnel } from "./cart-funnel.js";
import { countCartEvent, type CartCounting } from "./cart-stats.js";
import { requireCartAccess, viewCart, type CartDeps, type CartView } from "./cart-view.js";
import { bookNotFound } from "./errors.js";

export class AddCartItem {
  constructor(private readonly deps: CartDeps & { funnel: CartFunnel; counting: CartCounting }) {}

  /**
   * Read-modify-write: two adds racing in one user's cart could lose one increment, which a person
   * clicking in one browser does not produce; the limits stay checked either way (and such a race may count
   * one cart created twice).
   */
  async execute(actor: Actor, input: { userId: string; bookId: string; quantity: number }): Promise<CartView> {
    requireCartAccess(actor, input.userId, true);
    const lines = await this.deps.carts.lines(input.userId);
    const quantity = quantityAfterAdd(lines, input.bookId, input.quantity);
    const books = await this.deps.catalog.booksByIds([input.bookId], actor.credentials);
    if (!books.has(input.bookId)) throw bookNotFound(input.bookId);
    await this.deps.carts.setQuantity(input.userId, input.bookId, quantity);
    if (lines.length === 0) {
      // "Was empty" from the lines read above: both cart adapters answer it the same, and it costs no extra read.
      this.deps.funnel.cartCreated(input.userId);
      await countCartEvent(this.deps.counting, "started", input.userId);
    }
    return viewCart(this.deps, input.userId, actor.credentials);
  }
}
