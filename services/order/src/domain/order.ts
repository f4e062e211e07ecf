import { invalidTransition } from "./errors.js";

/** Every price in the catalog is in yuan today; a second currency would need per-line currencies. */
export const DEFAULT_CURRENCY = "CNY";

export const ORDER_STATUSES = ["pending_payment", "paid", "shipped", "completed", "cancelled", "refunded"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const isOrderStatus = (s: string): s is OrderStatus => (ORDER_STATUSES as readonly string[]).includes(s);

export interface OrderItem {
  readonly bookId: string;
  readonly title: string;
  readonly quantity: number;
  readonly priceCents: number;
}

export interface Order {
  readonly id: string;
  readonly userId: string;
  readonly status: OrderStatus;
  readonly items: readonly OrderItem[];
  readonly totalCents: number;
  readonly discountCents: number;
  readonly payableCents: number;
  readonly currency: string;
  readonly couponId: string | null;
  readonly addressId: string | null;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  readonly expiresAtMs: number;
  /** Cancelled, but the stock reservation or the frozen coupon may still be held: the sweeper retries the release. */
  readonly releasePending: boolean;
}

/** Refunds come with a later issue; nothing moves to "refunded" yet. */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ["paid", "cancelled"],
  paid: ["shipped"],
  shipped: ["completed"],
  completed: [],
  cancelled: [],
  refunded: [],
};

export const canTransition = (from: OrderStatus, to: OrderStatus): boolean => NEXT[from].includes(to);

function transition(order: Order, to: OrderStatus, nowMs: number): Order {
  if (!canTransition(order.status, to)) throw invalidTransition(order.id, order.status, to);
  return { ...order, status: to, updatedAtMs: nowMs };
}

export const markPaid = (order: Order, nowMs: number): Order => transition(order, "paid", nowMs);
export const ship = (order: Order, nowMs: number): Order => transition(order, "shipped", nowMs);
export const complete = (order: Order, nowMs: number): Order => transition(order, "completed", nowMs);
export const cancel = (order: Order, nowMs: number): Order => ({ ...transition(order, "cancelled", nowMs), releasePending: true });

export const isExpired = (order: Order, nowMs: number): boolean => order.status === "pending_payment" && order.expiresAtMs <= nowMs;

export const totalOf = (items: readonly OrderItem[]): number => items.reduce((sum, i) => sum + i.priceCents * i.quantity, 0);

/** The coupon never makes an order cost less than nothing. */
export function withDiscount(order: Order, couponId: string, couponDiscountCents: number, nowMs: number): Order {
  const discountCents = Math.min(Math.max(couponDiscountCents, 0), order.totalCents);
  return { ...order, couponId, discountCents, payableCents: order.totalCents - discountCents, updatedAtMs: nowMs };
}

export interface NewOrder {
  id: string;
  userId: string;
  items: readonly OrderItem[];
  currency: string;
  addressId: string | null;
  nowMs: number;
  paymentTimeoutSeconds: number;
}

export function newOrder(input: NewOrder): Order {
  const totalCents = totalOf(input.items);
  return {
    id: input.id,
    userId: input.userId,
    status: "pending_payment",
    items: input.items,
    totalCents,
    discountCents: 0,
    payableCents: totalCents,
    currency: input.currency,
    couponId: null,
    addressId: input.addressId,
    createdAtMs: input.nowMs,
    updatedAtMs: input.nowMs,
    expiresAtMs: input.nowMs + input.paymentTimeoutSeconds * 1000,
    releasePending: false,
  };
}
