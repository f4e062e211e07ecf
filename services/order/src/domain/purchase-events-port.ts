import type { Credentials } from "./actor.js";
import type { OrderItem } from "./order.js";

/** Behaviour events for recommendations; losing one degrades suggestions, never an order. */
export interface PurchaseEvents {
  recordPurchase(userId: string, items: readonly OrderItem[], on: Credentials): Promise<void>;
}
