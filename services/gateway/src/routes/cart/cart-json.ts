import { Type } from "typebox";
import type { Cart } from "@bookstore/contracts/order/v1/order";
import { CURRENCY, Id, strictObject } from "../../schemas/common.js";

export const CartItemJson = strictObject({
  bookId: Id,
  title: Type.String(),
  quantity: Type.Integer(),
  priceCents: Type.Integer(),
});

export const CartJson = strictObject({
  items: Type.Array(CartItemJson),
  totalCents: Type.Integer(),
  currency: Type.String(),
});

/** Proto → the DESIGN.md cart JSON (int64 arrives as bigint). */
export const cartJson = (cart: Cart | undefined) => ({
  items: (cart?.items ?? []).map((i) => ({ bookId: i.bookId, title: i.title, quantity: i.quantity, priceCents: Number(i.priceCents) })),
  totalCents: Number(cart?.totalCents ?? 0n),
  currency: cart?.currency || CURRENCY,
});
