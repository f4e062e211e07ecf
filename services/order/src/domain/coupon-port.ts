import type { Credentials } from "./actor.js";

export interface FreezeCouponInput {
  couponId: string;
  userId: string;
  orderId: string;
  orderCents: number;
}

/** The user service's coupon wallet; each call is idempotent per order id. */
export interface CouponPort {
  /** Returns the coupon's face value; the user service checks owner, status and minimum order. */
  freeze(input: FreezeCouponInput, on: Credentials): Promise<{ discountCents: number }>;
  release(orderId: string, on: Credentials): Promise<void>;
  use(orderId: string, on: Credentials): Promise<void>;
}
