import { Type } from "typebox";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { GatewayDeps } from "../../gateway-deps.js";
import { asCaller } from "../../plugins/auth.js";
import { ErrorJson, errorResponses, Id, IdParams, Page, PageQuery, strictObject } from "../../schemas/common.js";
import { OrderJson, orderJson, ORDER_STATUSES } from "./order-json.js";

const tags = ["orders"];
const one = { 200: OrderJson, ...errorResponses };

const PlaceOrderBody = strictObject({
  items: Type.Optional(
    Type.Array(strictObject({ bookId: Id, quantity: Type.Integer({ minimum: 1, maximum: 99 }) }), { minItems: 1, maxItems: 100 }),
  ),
  fromCart: Type.Optional(Type.Boolean({ description: "Order the whole cart instead of items" })),
  couponId: Type.Optional(Id),
  addressId: Type.Optional(Id),
});

const PlaceOrderHeaders = Type.Object({
  "idempotency-key": Type.String({ minLength: 1, maxLength: 128, description: "Same key + same body → the same order" }),
});

const ListQuery = strictObject({
  ...PageQuery,
  all: Type.Optional(Type.Boolean({ description: "Every user's orders (needs order:read)" })),
  status: Type.Optional(Type.String({ enum: [...ORDER_STATUSES] })),
});

/** Orders of the signed-in user; the order service decides ownership and staff rights. */
export const ordersRoutes: FastifyPluginAsyncTypebox<GatewayDeps> = async (app, { clients }) => {
  const order = clients.order;

  app.post(
    "/orders",
    {
      schema: { tags, headers: PlaceOrderHeaders, body: PlaceOrderBody, response: { 201: OrderJson, ...errorResponses, 422: ErrorJson } },
      config: { permission: "self" },
    },
    async (req, reply) => {
      const res = await order.placeOrder(
        {
          userId: req.caller?.userId ?? "",
          idempotencyKey: req.headers["idempotency-key"],
          items: req.body.items ?? [],
          fromCart: req.body.fromCart ?? false,
          couponId: req.body.couponId ?? "",
          addressId: req.body.addressId ?? "",
        },
        asCaller(req),
      );
      // A replay answers exactly like the first time, so a client retrying after a lost response sees no difference.
      return reply.code(201).send(orderJson(res.order));
    },
  );

  app.get(
    "/orders",
    { schema: { tags, querystring: ListQuery, response: { 200: Page(OrderJson), ...errorResponses } }, config: { permission: "self" } },
    async (req) => {
      const page = req.query.page ?? 1;
      const size = req.query.size ?? 20;
      const res = await order.listOrders(
        { userId: req.query.all ? "" : (req.caller?.userId ?? ""), status: req.query.status ?? "", page, size },
        asCaller(req),
      );
      return { items: res.orders.map(orderJson), page, size, total: res.total };
    },
  );

  app.get("/orders/:id", { schema: { tags, params: IdParams, response: one }, config: { permission: "self" } }, async (req) =>
    orderJson((await order.getOrder({ id: req.params.id }, asCaller(req))).order),
  );

  app.post("/orders/:id/cancel", { schema: { tags, params: IdParams, response: one }, config: { permission: "self" } }, async (req) =>
    orderJson((await order.cancelOrder({ id: req.params.id }, asCaller(req))).order),
  );

  app.post(
    "/orders/:id/pay",
    {
      schema: { tags, params: IdParams, response: { 202: strictObject({ paymentId: Id, status: Type.String() }), ...errorResponses } },
      config: { permission: "self" },
    },
    async (req, reply) => {
      const res = await order.payOrder({ id: req.params.id }, asCaller(req));
      return reply.code(202).send({ paymentId: res.paymentId, status: res.status });
    },
  );

  app.post("/orders/:id/ship", { schema: { tags, params: IdParams, response: one }, config: { permission: "order:write" } }, async (req) =>
    orderJson((await order.shipOrder({ id: req.params.id }, asCaller(req))).order),
  );

  app.post("/orders/:id/complete", { schema: { tags, params: IdParams, response: one }, config: { permission: "self" } }, async (req) =>
    orderJson((await order.completeOrder({ id: req.params.id }, asCaller(req))).order),
  );
};
