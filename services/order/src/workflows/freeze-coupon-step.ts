import type { Credentials } from "../domain/actor.js";
import type { CouponPort } from "../domain/coupon-port.js";
import type { Step } from "./saga.js";

export interface FreezeCouponInput {
  couponId: string;
  userId: string;
  orderId: string;
  orderCents: number;
  on: Credentials;
}

/** Frozen for this order id; releasing is a no-op when nothing was frozen for it. */
export const freezeCouponStep = (coupons: CouponPort): Step<FreezeCouponInput, { discountCents: number }> => ({
  name: "freeze-coupon",
  run: ({ on, ...input }) => coupons.freeze(input, on),
  compensate: (input) => coupons.release(input.orderId, input.on),
});
