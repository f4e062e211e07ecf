import type { ServiceImpl } from "@connectrpc/connect";
import type { CatalogService } from "@bookstore/contracts/catalog/v1/catalog";
import { isSnowflake } from "@bookstore/platform/ids";
import { requireCaller, requirePermission } from "@bookstore/platform/rpc";
import { stockToProto } from "./catalog-codec.js";
import type { CatalogUseCases } from "./catalog-use-cases.js";
import { ownId, viewerOf } from "./request-values.js";

type StockMethods = Pick<
  ServiceImpl<typeof CatalogService>,
  "getStock" | "batchGetStock" | "setStock" | "reserveStock" | "releaseStock" | "confirmStock"
>;

export const stockHandlers = (uc: CatalogUseCases): StockMethods => ({
  async getStock(req, ctx) {
    requirePermission(ctx, "inventory:read");
    return { stock: stockToProto(await uc.getStock.execute({ bookId: ownId("book_id", req.bookId), ...viewerOf(ctx) })) };
  },
  // Public like the books themselves: the storefront's stock badge (in stock / low / out) is derived from it.
  async batchGetStock(req, ctx) {
    return { stocks: (await uc.batchGetStock.execute({ bookIds: req.bookIds.filter(isSnowflake), ...viewerOf(ctx) })).map(stockToProto) };
  },
  async setStock(req, ctx) {
    const caller = requirePermission(ctx, "inventory:write");
    const stock = await uc.setStock.execute({ bookId: ownId("book_id", req.bookId), available: req.available });
    uc.noteWrite(caller.userId);
    return { stock: stockToProto(stock) };
  },
  // Reserve/release/confirm are the order service's steps, called with the customer as caller: any signed-in
  // caller may hold stock for an order; the order service decides which orders exist.
  async reserveStock(req, ctx) {
    const caller = requireCaller(ctx);
    const lines = req.lines.map((l) => ({ bookId: ownId("lines.book_id", l.bookId), quantity: l.quantity }));
    await uc.reserveStock.execute({ key: req.key, lines });
    uc.noteWrite(caller.userId);
    return {};
  },
  async releaseStock(req, ctx) {
    const caller = requireCaller(ctx);
    await uc.releaseStock.execute({ key: req.key });
    uc.noteWrite(caller.userId);
    return {};
  },
  async confirmStock(req, ctx) {
    const caller = requireCaller(ctx);
    await uc.confirmStock.execute({ key: req.key });
    uc.noteWrite(caller.userId);
    return {};
  },
});
