import { saleNotFound } from "./flash-sale-errors.js";
import type { FlashSaleRepository, PurchaseGate } from "./flash-sale-ports.js";
import type { FlashSale } from "./flash-sale.js";

/** Public: a sale with its live remaining count. */
export class GetFlashSale {
  constructor(private readonly deps: { sales: FlashSaleRepository; gate: PurchaseGate }) {}

  async execute(input: { id: string }): Promise<FlashSale> {
    const sale = await this.deps.sales.byId(input.id);
    if (!sale) throw saleNotFound(input.id);
    const remaining = (await this.deps.gate.remaining([sale])).get(sale.id) ?? sale.remaining;
    return { ...sale, remaining };
  }
}
