import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { GatewayDeps } from "../../gateway-deps.js";
import { asCaller } from "../../plugins/auth.js";
import { errorResponses, IdParams } from "../../schemas/common.js";
import { bookDetailsFor } from "./book-details.js";
import { StockBody, StockJson } from "./book-schemas.js";
import { stockJson } from "./stock-json.js";

const tags = ["inventory"];

/** Staff view and stock count of a book's inventory. */
export const stockRoutes: FastifyPluginAsyncTypebox<GatewayDeps> = async (app, deps) => {
  const catalog = deps.clients.catalog;
  const details = await bookDetailsFor(deps);
  app.addHook("onClose", () => details.close());

  app.get(
    "/books/:id/stock",
    {
      schema: {
        tags,
        summary: "A book's stock: available, reserved by unpaid orders, and version",
        params: IdParams,
        response: { 200: StockJson, ...errorResponses },
      },
      config: { permission: "inventory:read" },
    },
    async (req) => stockJson((await catalog.getStock({ bookId: req.params.id }, asCaller(req))).stock),
  );

  app.put(
    "/books/:id/stock",
    {
      schema: {
        tags,
        summary: "Set how many units are available now (a stock count); reserved units are kept",
        params: IdParams,
        body: StockBody,
        response: { 200: StockJson, ...errorResponses },
      },
      config: { permission: "inventory:write" },
    },
    async (req) => {
      const res = await catalog.setStock({ bookId: req.params.id, available: req.body.available }, asCaller(req));
      // The page's stock badge comes from this count.
      await details.invalidate(req.params.id);
      return stockJson(res.stock);
    },
  );
};
