import type { Clock } from "./clock.js";
import { checkFreezable, seenAt, type Coupon } from "./coupon.js";
import { couponNotFound, couponUnavailable, orderHasOtherCoupon } from "./errors.js";
import type { UserStore } from "./user-store.js";

export interface FreezeCouponInput {
  couponId: string;
  userId: string;
  orderId: string;
  orderCents: number;
}

/**
 * Holds a coupon for an order being placed. Idempotent per order: the order service's saga retries with the
 * same order id and gets the same coupon back; a different coupon for that order is a CONFLICT, and so is freezing
 * again for an order that released its coupon (INVALID_STATE).
 */
export class FreezeCoupon {
  constructor(private readonly deps: { store: UserStore; clock: Clock }) {}

  async execute(input: FreezeCouponInput): Promise<Coupon> {
    const nowMs = this.deps.clock.now().getTime();
    return this.deps.store.transaction(async ({ coupons }) => {
      const held = await coupons.byOrderId(input.orderId);
      if (held) {
        if (held.id !== input.couponId || held.userId !== input.userId) throw orderHasOtherCoupon(input.orderId);
        // Released by this very order (cancelled or compensated): a late or retried freeze must not hold it again.
        if (held.status === "available") throw couponUnavailable(held.id, "released");
        return seenAt(held, nowMs);
      }
      const coupon = await coupons.byId(input.couponId);
      // Someone else's coupon reads as absent: ids of other wallets are not confirmed.
      if (!coupon || coupon.userId !== input.userId) throw couponNotFound(input.couponId);
      checkFreezable(coupon, input.orderCents, nowMs);
      if (!(await coupons.freeze(coupon.id, input.orderId, nowMs))) {
        const now = await coupons.byId(coupon.id);
        throw couponUnavailable(coupon.id, now ? seenAt(now, nowMs).status : "unknown");
      }
      return { ...coupon, status: "frozen", orderId: input.orderId, updatedAtMs: nowMs };
    });
  }
}
