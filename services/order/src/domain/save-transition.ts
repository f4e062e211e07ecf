import { invalidTransition, orderNotFound } from "./errors.js";
import type { Order } from "./order.js";
import type { OrderRepository } from "./order-store.js";

/**
 * Stores `next` only if the order is still in the status `from` was read in. Losing the race
 * (e.g. a payment landed while the owner cancelled) is reported against the status it has now.
 */
export async function saveTransition(orders: OrderRepository, from: Order, next: Order): Promise<Order> {
  if (await orders.update(next, from.status)) return next;
  const current = await orders.byId(from.id);
  if (!current) throw orderNotFound(from.id);
  throw invalidTransition(from.id, current.status, next.status);
}
