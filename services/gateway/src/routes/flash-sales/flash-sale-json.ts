import { Type } from "typebox";
import type { FlashSale, FlashSalePurchase } from "@bookstore/contracts/order/v1/flash_sale";
import { Id, strictObject, toIso } from "../../schemas/common.js";

export const FlashSaleJson = strictObject({
  id: Id,
  bookId: Id,
  priceCents: Type.Integer(),
  quantity: Type.Integer(),
  remaining: Type.Integer(),
  startsAt: Type.String({ format: "date-time" }),
  endsAt: Type.String({ format: "date-time" }),
});

export const PURCHASE_STATUSES = ["queued", "succeeded", "failed"] as const;

export const PurchaseJson = strictObject({
  status: Type.String({ enum: [...PURCHASE_STATUSES] }),
  orderId: Type.Optional(Id),
});

/** Proto → DESIGN.md flash sale JSON (int64 arrives as bigint). */
export function flashSaleJson(s: FlashSale | undefined) {
  if (!s) throw new Error("order service answered without a flash sale");
  return {
    id: s.id,
    bookId: s.bookId,
    priceCents: Number(s.priceCents),
    quantity: s.quantity,
    remaining: s.remaining,
    startsAt: toIso(Number(s.startsAtMs)),
    endsAt: toIso(Number(s.endsAtMs)),
  };
}

export function purchaseJson(p: FlashSalePurchase | undefined) {
  if (!p) throw new Error("order service answered without a purchase");
  return { status: p.status, ...(p.orderId ? { orderId: p.orderId } : {}) };
}
