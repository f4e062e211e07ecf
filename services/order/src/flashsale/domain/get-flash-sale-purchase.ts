import type { FlashSaleActor } from "./flash-sale-actor.js";
import { purchaseNotFound } from "./flash-sale-errors.js";
import type { PurchaseRepository } from "./flash-sale-ports.js";
import type { FlashSalePurchase } from "./flash-sale.js";

/** The caller's own purchase in a sale: what the buyer polls until the order exists. */
export class GetFlashSalePurchase {
  constructor(private readonly deps: { purchases: PurchaseRepository }) {}

  async execute(actor: FlashSaleActor, input: { saleId: string }): Promise<FlashSalePurchase> {
    const purchase = await this.deps.purchases.find(input.saleId, actor.userId);
    if (!purchase) throw purchaseNotFound(input.saleId);
    return purchase;
  }
}
