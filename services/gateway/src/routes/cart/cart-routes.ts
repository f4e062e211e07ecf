import { Type } from "typebox";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { GatewayDeps } from "../../gateway-deps.js";
import { asCaller } from "../../plugins/auth.js";
import { errorResponses, Id, strictObject } from "../../schemas/common.js";
import { cartJson, CartJson } from "./cart-json.js";

const Quantity = Type.Integer({ minimum: 1, maximum: 99, description: "1 to 99 per book" });
const BookParams = strictObject({ bookId: Id });
const tags = ["cart"];
const responses = { 200: CartJson, ...errorResponses };

/** The signed-in user's cart; every call answers the whole cart with current titles and prices. */
export const cartRoutes: FastifyPluginAsyncTypebox<GatewayDeps> = async (app, { clients }) => {
  const order = clients.order;
  const me = (req: { caller: { userId: string } | undefined }) => req.caller?.userId ?? "";

  app.get("/cart", { schema: { tags, response: responses }, config: { permission: "self" } }, async (req) =>
    cartJson((await order.getCart({ userId: me(req) }, asCaller(req))).cart),
  );

  app.post(
    "/cart/items",
    { schema: { tags, body: strictObject({ bookId: Id, quantity: Quantity }), response: responses }, config: { permission: "self" } },
    async (req) => cartJson((await order.addCartItem({ userId: me(req), ...req.body }, asCaller(req))).cart),
  );

  app.patch(
    "/cart/items/:bookId",
    { schema: { tags, params: BookParams, body: strictObject({ quantity: Quantity }), response: responses }, config: { permission: "self" } },
    async (req) =>
      cartJson((await order.updateCartItem({ userId: me(req), bookId: req.params.bookId, quantity: req.body.quantity }, asCaller(req))).cart),
  );

  app.delete(
    "/cart/items/:bookId",
    { schema: { tags, params: BookParams, response: responses }, config: { permission: "self" } },
    async (req) => cartJson((await order.removeCartItem({ userId: me(req), bookId: req.params.bookId }, asCaller(req))).cart),
  );
};
