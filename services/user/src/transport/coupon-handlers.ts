import type { HandlerContext, ServiceImpl } from "@connectrpc/connect";
import type { UserService } from "@bookstore/contracts/user/v1/user";
import { hasPermission, requireCaller, requireOwnerOr, requirePermission } from "@bookstore/platform/rpc";
import type { Actor } from "../domain/actor.js";
import { couponToProto } from "./coupon-codec.js";
import { foreignId, ownId, safeNumber } from "./request-values.js";
import type { UserUseCases } from "./user-use-cases.js";

type CouponMethods = Pick<
  ServiceImpl<typeof UserService>,
  "listCoupons" | "createCoupon" | "freezeCoupon" | "releaseCoupon" | "useCoupon"
>;

/** Release and use name only the order: whose coupon it is shows after the lookup, so the use case decides. */
const actorOf = (ctx: HandlerContext): Actor => {
  const caller = requireCaller(ctx);
  return { userId: caller.userId, staff: hasPermission(caller.permissions, "coupon:write") };
};

export const couponHandlers = (uc: UserUseCases): CouponMethods => ({
  async listCoupons(req, ctx) {
    const userId = ownId("user_id", req.userId);
    requireOwnerOr(ctx, userId, "coupon:read");
    return { coupons: (await uc.listCoupons.execute({ userId })).map(couponToProto) };
  },
  async createCoupon(req, ctx) {
    requirePermission(ctx, "coupon:write");
    const expiresAtMs = safeNumber("expires_at_ms", req.expiresAtMs);
    const coupon = await uc.createCoupon.execute({
      userId: ownId("user_id", req.userId),
      discountCents: safeNumber("discount_cents", req.discountCents),
      minOrderCents: safeNumber("min_order_cents", req.minOrderCents),
      expiresAtMs: expiresAtMs === 0 ? null : expiresAtMs,
    });
    return { coupon: couponToProto(coupon) };
  },
  async freezeCoupon(req, ctx) {
    const userId = ownId("user_id", req.userId);
    requireOwnerOr(ctx, userId, "coupon:write");
    const coupon = await uc.freezeCoupon.execute({
      couponId: ownId("coupon_id", req.couponId),
      userId,
      orderId: foreignId("order_id", req.orderId),
      orderCents: safeNumber("order_cents", req.orderCents),
    });
    return { coupon: couponToProto(coupon) };
  },
  async releaseCoupon(req, ctx) {
    await uc.releaseCoupon.execute(actorOf(ctx), { orderId: foreignId("order_id", req.orderId) });
    return {};
  },
  async useCoupon(req, ctx) {
    await uc.useCoupon.execute(actorOf(ctx), { orderId: foreignId("order_id", req.orderId) });
    return {};
  },
});
