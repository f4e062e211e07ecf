import type { MessageInitShape } from "@bufbuild/protobuf";
import type { CouponSchema } from "@bookstore/contracts/user/v1/user";
import type { Coupon } from "../domain/coupon.js";

/** expires_at_ms and order_id use the proto zero values for "none". */
export const couponToProto = (c: Coupon): MessageInitShape<typeof CouponSchema> => ({
  id: c.id,
  userId: c.userId,
  discountCents: BigInt(c.discountCents),
  minOrderCents: BigInt(c.minOrderCents),
  status: c.status,
  expiresAtMs: BigInt(c.expiresAtMs ?? 0),
  orderId: c.orderId ?? "",
});
