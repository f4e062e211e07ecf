import { badField, couponExpired, couponUnavailable, orderBelowMinimum } from "./errors.js";

/** Stored states; "expired" is never stored, it is what an available coupon past its expiry reads as. */
export type StoredCouponStatus = "available" | "frozen" | "used";
export type CouponStatus = StoredCouponStatus | "expired";

export const isStoredCouponStatus = (s: string): s is StoredCouponStatus =>
  s === "available" || s === "frozen" || s === "used";

export interface Coupon {
  readonly id: string;
  readonly userId: string;
  readonly discountCents: number;
  readonly minOrderCents: number;
  readonly status: CouponStatus;
  /** null: never expires. */
  readonly expiresAtMs: number | null;
  /** The order holding (frozen) or having used the coupon. */
  readonly orderId: string | null;
  /**
   * Available again after being released by this order (a cancelled or compensated placement): a late or retried
   * freeze for that order is refused, so a released coupon is never held again by an order that no longer exists.
   */
  readonly releasedFor?: string | null;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

/** A frozen coupon stays frozen past its expiry: the order it is held for was placed in time. */
export function seenAt(coupon: Coupon, nowMs: number): Coupon {
  if (coupon.status === "available" && coupon.expiresAtMs !== null && coupon.expiresAtMs <= nowMs)
    return { ...coupon, status: "expired" };
  return coupon;
}

/** Throws INVALID_STATE unless the coupon can be frozen for an order of `orderCents` now. */
export function checkFreezable(coupon: Coupon, orderCents: number, nowMs: number): void {
  const status = seenAt(coupon, nowMs).status;
  if (status === "expired") throw couponExpired(coupon.id);
  if (status !== "available") throw couponUnavailable(coupon.id, status);
  if (orderCents < coupon.minOrderCents) throw orderBelowMinimum(coupon.id, coupon.minOrderCents, orderCents);
}

/** Upper bound for face values and minimums: far above any real coupon, far below float trouble. */
export const MAX_COUPON_CENTS = 100_000_000;

export interface NewCoupon {
  userId: string;
  discountCents: number;
  minOrderCents: number;
  expiresAtMs: number | null;
}

export function newCoupon(input: NewCoupon, id: string, nowMs: number): Coupon {
  const cents = (field: string, v: number, min: number) => {
    if (!Number.isSafeInteger(v) || v < min || v > MAX_COUPON_CENTS)
      throw badField(field, `must be an integer from ${min} to ${MAX_COUPON_CENTS}`, { min, max: MAX_COUPON_CENTS });
  };
  cents("discountCents", input.discountCents, 1);
  cents("minOrderCents", input.minOrderCents, 0);
  if (input.expiresAtMs !== null && input.expiresAtMs <= nowMs) throw badField("expiresAt", "must be in the future");
  return { id, ...input, status: "available", orderId: null, createdAtMs: nowMs, updatedAtMs: nowMs };
}
