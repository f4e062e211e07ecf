import type { ConnectRouter } from "@connectrpc/connect";
import { FlashSaleService } from "@bookstore/contracts/order/v1/flash_sale";
import type { CreateFlashSale } from "../domain/create-flash-sale.js";
import type { GetFlashSalePurchase } from "../domain/get-flash-sale-purchase.js";
import type { GetFlashSale } from "../domain/get-flash-sale.js";
import type { ListFlashSales } from "../domain/list-flash-sales.js";
import type { PurchaseFlashSale } from "../domain/purchase-flash-sale.js";
import { flashSaleActorFrom, purchaseToProto, saleToProto } from "./flash-sale-codec.js";

export interface FlashSaleUseCases {
  createFlashSale: CreateFlashSale;
  listFlashSales: ListFlashSales;
  getFlashSale: GetFlashSale;
  purchaseFlashSale: PurchaseFlashSale;
  getFlashSalePurchase: GetFlashSalePurchase;
}

export function registerFlashSaleHandlers(router: ConnectRouter, uc: FlashSaleUseCases): void {
  router.service(FlashSaleService, {
    async createFlashSale(req, ctx) {
      const sale = await uc.createFlashSale.execute(flashSaleActorFrom(ctx), {
        bookId: req.bookId,
        priceCents: Number(req.priceCents),
        quantity: req.quantity,
        startsAtMs: Number(req.startsAtMs),
        endsAtMs: Number(req.endsAtMs),
      });
      return { sale: saleToProto(sale) };
    },
    // Public: anyone may see which sales run.
    async listFlashSales(req) {
      const { sales, total } = await uc.listFlashSales.execute({ page: req.page, size: req.size });
      return { sales: sales.map(saleToProto), total };
    },
    async getFlashSale(req) {
      return { sale: saleToProto(await uc.getFlashSale.execute({ id: req.id })) };
    },
    async purchaseFlashSale(req, ctx) {
      return { purchase: purchaseToProto(await uc.purchaseFlashSale.execute(flashSaleActorFrom(ctx), { saleId: req.saleId })) };
    },
    async getFlashSalePurchase(req, ctx) {
      return { purchase: purchaseToProto(await uc.getFlashSalePurchase.execute(flashSaleActorFrom(ctx), { saleId: req.saleId })) };
    },
  });
}
