import { Type } from "typebox";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { validationFailed } from "@bookstore/platform/errors";
import type { GatewayDeps } from "../../gateway-deps.js";
import { asCaller } from "../../plugins/auth.js";
import { errorResponses, Id, IdParams, Page, PageQuery, strictObject } from "../../schemas/common.js";
import { FlashSaleJson, flashSaleJson, PurchaseJson, purchaseJson } from "./flash-sale-json.js";

const tags = ["flash sales"];
const MAX_CENTS = 100_000_000;
const Time = (description: string) => Type.String({ format: "date-time", maxLength: 40, description });

const CreateFlashSaleBody = strictObject({
  bookId: Id,
  priceCents: Type.Integer({ minimum: 1, maximum: MAX_CENTS }),
  quantity: Type.Integer({ minimum: 1, maximum: 100_000, description: "Units for sale; one per user" }),
  startsAt: Time("ISO-8601; purchases are accepted from this time"),
  endsAt: Time("ISO-8601; purchases are refused from this time on"),
});

function toMs(field: string, iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw validationFailed(`${field} is not a valid time`, { field });
  return ms;
}

/** Flash sales: admins create them, anyone sees them, a signed-in customer buys one unit and polls for the order. */
export const flashSalesRoutes: FastifyPluginAsyncTypebox<GatewayDeps> = async (app, { clients }) => {
  const flashSale = clients.flashSale;

  app.post(
    "/admin/flash-sales",
    {
      schema: { tags, summary: "Create a flash sale", body: CreateFlashSaleBody, response: { 201: FlashSaleJson, ...errorResponses } },
      config: { permission: "flashsale:write" },
    },
    async (req, reply) => {
      const { bookId, priceCents, quantity, startsAt, endsAt } = req.body;
      const res = await flashSale.createFlashSale(
        {
          bookId,
          priceCents: BigInt(priceCents),
          quantity,
          startsAtMs: BigInt(toMs("startsAt", startsAt)),
          endsAtMs: BigInt(toMs("endsAt", endsAt)),
        },
        asCaller(req),
      );
      return reply.code(201).send(flashSaleJson(res.sale));
    },
  );

  app.get(
    "/flash-sales",
    {
      schema: { tags, summary: "Flash sales, newest first", querystring: strictObject(PageQuery), response: { 200: Page(FlashSaleJson), ...errorResponses } },
      config: { permission: "public" },
    },
    async (req) => {
      const page = req.query.page ?? 1;
      const size = req.query.size ?? 20;
      const res = await flashSale.listFlashSales({ page, size }, asCaller(req));
      return { items: res.sales.map(flashSaleJson), page, size, total: res.total };
    },
  );

  app.get(
    "/flash-sales/:id",
    { schema: { tags, params: IdParams, response: { 200: FlashSaleJson, ...errorResponses } }, config: { permission: "public" } },
    async (req) => flashSaleJson((await flashSale.getFlashSale({ id: req.params.id }, asCaller(req))).sale),
  );

  app.post(
    "/flash-sales/:id/purchase",
    {
      schema: {
        tags,
        summary: "Buy one unit; the order is created asynchronously (poll GET …/purchase)",
        params: IdParams,
        response: { 202: strictObject({ status: Type.Literal("queued") }), ...errorResponses },
      },
      config: { permission: "self" },
    },
    async (req, reply) => {
      await flashSale.purchaseFlashSale({ saleId: req.params.id }, asCaller(req));
      return reply.code(202).send({ status: "queued" as const });
    },
  );

  app.get(
    "/flash-sales/:id/purchase",
    {
      schema: { tags, summary: "My purchase in this sale", params: IdParams, response: { 200: PurchaseJson, ...errorResponses } },
      config: { permission: "self" },
    },
    async (req) => purchaseJson((await flashSale.getFlashSalePurchase({ saleId: req.params.id }, asCaller(req))).purchase),
  );
};
