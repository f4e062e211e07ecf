import type { BookCatalog } from "./catalog-port.js";
import { byBookId, type CartRepository } from "./cart.js";
import { cartForbidden } from "./errors.js";
import { DEFAULT_CURRENCY } from "./order.js";
import type { Actor, Credentials } from "./actor.js";

export interface CartView {
  readonly items: readonly { bookId: string; title: string; quantity: number; priceCents: number }[];
  readonly totalCents: number;
  readonly currency: string;
}

export interface CartDeps {
  carts: CartRepository;
  catalog: BookCatalog;
}

/** Only the owner touches a cart; staff with order:read may look at it. */
export function requireCartAccess(actor: Actor, userId: string, write: boolean): void {
  if (actor.userId === userId) return;
  if (!write && actor.staffRead) return;
  throw cartForbidden();
}

/**
 * Titles and prices are the catalog's current ones, not those at the time of adding.
 * A book deleted since it was added drops out of the view (and of any order placed from the cart).
 */
export async function viewCart(deps: CartDeps, userId: string, on: Credentials): Promise<CartView> {
  const lines = (await deps.carts.lines(userId)).sort(byBookId);
  if (lines.length === 0) return { items: [], totalCents: 0, currency: DEFAULT_CURRENCY };
  const books = await deps.catalog.booksByIds(lines.map((l) => l.bookId), on);
  const items = lines.flatMap((l) => {
    const book = books.get(l.bookId);
    return book ? [{ bookId: l.bookId, title: book.title, quantity: l.quantity, priceCents: book.priceCents }] : [];
  });
  return { items, totalCents: items.reduce((s, i) => s + i.priceCents * i.quantity, 0), currency: DEFAULT_CURRENCY };
}
