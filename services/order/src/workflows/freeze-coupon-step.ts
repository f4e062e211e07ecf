import type { CouponPort } from "../domain/coupon-port.js";
import type { SagaStep } from "./saga-step.js";

export interface FreezeCouponInput {
  couponId: string;
  userId: string;
  orderCents: number;
}

/** Frozen for this order id; releasing is a no-op when nothing was frozen for it. */
export const freezeCouponStep = (coupons: CouponPort): SagaStep<FreezeCouponInput, { discountCents: number }> => ({
  name: "freeze-coupon",
  run: (input, ctx) => coupons.freeze({ ...input, orderId: ctx.orderId }, ctx.on),
  compensate: (ctx) => coupons.release(ctx.orderId, ctx.on),
});
