import { Type, type Static } from "typebox";
import type { Coupon } from "@bookstore/contracts/user/v1/user";
import { CURRENCY, strictObject, toIso } from "../../schemas/common.js";
import { present } from "../users/user-json.js";

export const CouponJson = strictObject({
  id: Type.String(),
  userId: Type.String(),
  discountCents: Type.Integer(),
  minOrderCents: Type.Integer(),
  status: Type.Union([
    Type.Literal("available"),
    Type.Literal("frozen"),
    Type.Literal("used"),
    Type.Literal("expired"),
  ]),
  expiresAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  currency: Type.String(),
});
export type CouponJson = Static<typeof CouponJson>;

export const couponJson = (c: Coupon | undefined): CouponJson => {
  const coupon = present(c, "a coupon");
  const expiresAtMs = Number(coupon.expiresAtMs);
  return {
    id: coupon.id,
    userId: coupon.userId,
    discountCents: Number(coupon.discountCents),
    minOrderCents: Number(coupon.minOrderCents),
    status: coupon.status as CouponJson["status"],
    // The contract uses 0 for "never expires".
    expiresAt: expiresAtMs === 0 ? null : toIso(expiresAtMs),
    currency: CURRENCY,
  };
};
