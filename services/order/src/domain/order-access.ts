import type { Actor } from "./actor.js";
import { orderForbidden, orderNotFound } from "./errors.js";
import type { Order } from "./order.js";

/** Someone else's order answers 404, so a customer cannot probe which order ids exist. */
export function requireVisible(order: Order | undefined, actor: Actor, id: string): Order {
  if (!order || (order.userId !== actor.userId && !actor.staffRead)) throw orderNotFound(id);
  return order;
}

export function requireOwnerOrStaff(order: Order | undefined, actor: Actor, id: string): Order {
  const visible = requireVisible(order, actor, id);
  if (visible.userId !== actor.userId && !actor.staffWrite) throw orderForbidden();
  return visible;
}

export function requireOwner(order: Order | undefined, actor: Actor, id: string): Order {
  const visible = requireVisible(order, actor, id);
  if (visible.userId !== actor.userId) throw orderForbidden();
  return visible;
}

export function requireStaff(order: Order | undefined, actor: Actor, id: string): Order {
  const visible = requireVisible(order, actor, id);
  if (!actor.staffWrite) throw orderForbidden();
  return visible;
}
