import { Type } from "typebox";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { GatewayDeps } from "../../gateway-deps.js";
import { asCaller } from "../../plugins/auth.js";
import { CURRENCY, errorResponses, strictObject } from "../../schemas/common.js";

const CartStatsJson = strictObject({
  date: Type.String({ format: "date", description: "UTC day" }),
  cartsStarted: Type.Integer({ minimum: 0, description: "Carts that went from empty to non-empty that day" }),
  cartsConverted: Type.Integer({ minimum: 0, description: "Orders placed from the cart (fromCart) that day" }),
  abandonmentRate: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
    description: "1 - cartsConverted/cartsStarted, at least 0; null when no cart started that day",
  }),
});

const SalesStatsJson = strictObject({
  date: Type.String({ format: "date", description: "UTC day" }),
  ordersPlaced: Type.Integer({ minimum: 0, description: "Orders created that day, whatever became of them" }),
  ordersPaid: Type.Integer({ minimum: 0, description: "Orders whose payment arrived that day and that are still paid, shipped or completed" }),
  revenueCents: Type.Integer({ minimum: 0, description: "What those paid orders paid, in cents" }),
  currency: Type.String({ description: "CNY" }),
});

const DayQuery = strictObject({ date: Type.Optional(Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "YYYY-MM-DD, UTC" })) });

/** Staff statistics the admin dashboard needs and no list route can give (issue 9). */
export const adminStatsRoutes: FastifyPluginAsyncTypebox<GatewayDeps> = async (app, { clients }) => {
  app.get(
    "/admin/stats/carts",
    {
      schema: {
        tags: ["stats"],
        summary: "Cart abandonment for one UTC day (default today)",
        querystring: DayQuery,
        response: { 200: CartStatsJson, ...errorResponses },
      },
      config: { permission: "order:read" },
    },
    async (req) => {
      const res = await clients.order.getCartStats({ date: req.query.date ?? "" }, asCaller(req));
      return {
        date: res.date,
        cartsStarted: res.started,
        cartsConverted: res.converted,
        abandonmentRate: res.abandonmentRate ?? null,
      };
    },
  );

  app.get(
    "/admin/stats/sales",
    {
      schema: {
        tags: ["stats"],
        summary: "Orders placed, orders paid and revenue for one UTC day (default today)",
        querystring: DayQuery,
        response: { 200: SalesStatsJson, ...errorResponses },
      },
      config: { permission: "order:read" },
    },
    async (req) => {
      const res = await clients.order.getSalesStats({ date: req.query.date ?? "" }, asCaller(req));
      return { date: res.date, ordersPlaced: Number(res.ordersPlaced), ordersPaid: Number(res.ordersPaid), revenueCents: Number(res.revenueCents), currency: CURRENCY };
    },
  );
};
