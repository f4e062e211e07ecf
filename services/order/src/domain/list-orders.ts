import type { Actor } from "./actor.js";
import { badStatusFilter, listForbidden } from "./errors.js";
import { isOrderStatus, type Order } from "./order.js";
import type { OrderStore } from "./order-store.js";

export interface ListOrdersInput {
  /** Empty: every user's orders. */
  userId: string;
  /** Empty: any status. */
  status: string;
  page: number;
  size: number;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export class ListOrders {
  constructor(private readonly deps: { store: OrderStore }) {}

  /** Customers list their own orders; anyone else's (or everyone's) needs order:read. Newest first. */
  execute(actor: Actor, input: ListOrdersInput): Promise<{ orders: Order[]; total: number }> {
    if (input.userId !== actor.userId && !actor.staffRead) throw listForbidden();
    if (input.status && !isOrderStatus(input.status)) throw badStatusFilter(input.status);
    const page = Math.max(1, Math.trunc(input.page) || 1);
    const size = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(input.size) || DEFAULT_PAGE_SIZE));
    // A plain read: a fresh replica may answer, except right after this caller's own write.
    return this.deps.store.reads(actor.userId).list({
      userId: input.userId || undefined,
      status: input.status && isOrderStatus(input.status) ? input.status : undefined,
      page,
      size,
    });
  }
}
