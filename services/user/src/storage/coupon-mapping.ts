import type { Insertable, Selectable } from "kysely";
import { toId, toNumber } from "@bookstore/platform/db";
import { isStoredCouponStatus, type Coupon, type StoredCouponStatus } from "../domain/coupon.js";
import type { CouponsTable } from "./schema.js";

function statusFromRow(s: string): StoredCouponStatus {
  if (!isStoredCouponStatus(s)) throw new Error(`unknown coupon status in the database: ${s}`);
  return s;
}

export const couponFromRow = (row: Selectable<CouponsTable>): Coupon => ({
  id: toId(row.id),
  userId: toId(row.user_id),
  discountCents: toNumber(row.discount_cents),
  minOrderCents: toNumber(row.min_order_cents),
  status: statusFromRow(row.status),
  expiresAtMs: row.expires_at === null ? null : toNumber(row.expires_at),
  // An available coupon's order_id is the order that released it (a tombstone), not a holder.
  orderId: row.status === "available" ? null : row.order_id,
  ...(row.status === "available" && row.order_id !== null ? { releasedFor: row.order_id } : {}),
  createdAtMs: toNumber(row.created_at),
  updatedAtMs: toNumber(row.updated_at),
});

/** New coupons only: later status changes go through the repository's conditional updates. */
export function couponToRow(c: Coupon): Insertable<CouponsTable> {
  if (c.status === "expired") throw new Error("an expired coupon is a view, not a stored state");
  return {
    id: c.id,
    user_id: c.userId,
    discount_cents: c.discountCents,
    min_order_cents: c.minOrderCents,
    status: c.status,
    expires_at: c.expiresAtMs,
    order_id: c.orderId ?? c.releasedFor ?? null,
    created_at: c.createdAtMs,
    updated_at: c.updatedAtMs,
  };
}
