import { Type } from "typebox";
import type { Order } from "@bookstore/contracts/order/v1/order";
import { CURRENCY, Id, strictObject, toIso } from "../../schemas/common.js";
import { CartItemJson } from "../cart/cart-json.js";

export const ORDER_STATUSES = ["pending_payment", "paid", "shipped", "completed", "cancelled", "refunded"] as const;
export const OrderStatus = Type.Union(ORDER_STATUSES.map((s) => Type.Literal(s)));

export const OrderJson = strictObject({
  id: Id,
  userId: Type.String(),
  status: Type.String({ enum: [...ORDER_STATUSES] }),
  items: Type.Array(CartItemJson),
  totalCents: Type.Integer(),
  discountCents: Type.Integer(),
  payableCents: Type.Integer(),
  currency: Type.String(),
  couponId: Type.Optional(Type.String()),
  addressId: Type.Optional(Type.String()),
  createdAt: Type.String({ format: "date-time" }),
  expiresAt: Type.String({ format: "date-time" }),
});

/** Proto → DESIGN.md order JSON; int64 arrives as bigint, empty coupon/address ids are left out. */
export function orderJson(o: Order | undefined) {
  if (!o) throw new Error("order service answered without an order");
  return {
    id: o.id,
    userId: o.userId,
    status: o.status,
    items: o.items.map((i) => ({ bookId: i.bookId, title: i.title, quantity: i.quantity, priceCents: Number(i.priceCents) })),
    totalCents: Number(o.totalCents),
    discountCents: Number(o.discountCents),
    payableCents: Number(o.payableCents),
    currency: o.currency || CURRENCY,
    ...(o.couponId ? { couponId: o.couponId } : {}),
    ...(o.addressId ? { addressId: o.addressId } : {}),
    createdAt: toIso(Number(o.createdAtMs)),
    expiresAt: toIso(Number(o.expiresAtMs)),
  };
}
