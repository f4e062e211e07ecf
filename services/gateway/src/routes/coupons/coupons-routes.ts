import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { validationFailed } from "@bookstore/platform/errors";
import type { GatewayDeps } from "../../gateway-deps.js";
import { asCaller } from "../../plugins/auth.js";
import { errorResponses, Id, strictObject } from "../../schemas/common.js";
import { callerId } from "../users/caller-id.js";
import { CouponJson, couponJson } from "./coupon-json.js";

const MAX_CENTS = 100_000_000;

const CreateCouponBody = strictObject({
  userId: Id,
  discountCents: Type.Integer({ minimum: 1, maximum: MAX_CENTS }),
  minOrderCents: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_CENTS })),
  expiresAt: Type.Optional(
    Type.String({ format: "date-time", maxLength: 40, description: "ISO-8601; omitted: never expires" }),
  ),
});

/** The coupon wallet: customers see their own; staff hand coupons out. */
export const couponsRoutes: FastifyPluginAsyncTypebox<GatewayDeps> = async (app, deps) => {
  const users = deps.clients.user;

  app.get(
    "/coupons",
    {
      schema: {
        tags: ["coupons"],
        summary: "My coupons, newest first",
        response: { 200: strictObject({ items: Type.Array(CouponJson) }), ...errorResponses },
      },
      config: { permission: "self" },
    },
    async (req) => {
      const res = await users.listCoupons({ userId: callerId(req) }, asCaller(req));
      return { items: res.coupons.map(couponJson) };
    },
  );

  app.post(
    "/admin/coupons",
    {
      schema: {
        tags: ["coupons"],
        summary: "Give a user a coupon",
        body: CreateCouponBody,
        response: { 201: CouponJson, ...errorResponses },
      },
      config: { permission: "coupon:write" },
    },
    async (req, reply) => {
      const { userId, discountCents, minOrderCents, expiresAt } = req.body;
      const expiresAtMs = expiresAt === undefined ? 0 : Date.parse(expiresAt);
      if (Number.isNaN(expiresAtMs)) throw validationFailed("expiresAt is not a valid time", { field: "expiresAt" });
      const res = await users.createCoupon(
        {
          userId,
          discountCents: BigInt(discountCents),
          minOrderCents: BigInt(minOrderCents ?? 0),
          expiresAtMs: BigInt(expiresAtMs),
        },
        asCaller(req),
      );
      return reply.code(201).send(couponJson(res.coupon));
    },
  );
};
