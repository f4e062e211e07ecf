import { badSaleField } from "./flash-sale-errors.js";
import type { FlashSaleRepository, PurchaseGate } from "./flash-sale-ports.js";
import type { FlashSale } from "./flash-sale.js";

export const MAX_PAGE_SIZE = 100;

/** Public: newest sales first, with live remaining counts. */
export class ListFlashSales {
  constructor(private readonly deps: { sales: FlashSaleRepository; gate: PurchaseGate }) {}

  async execute(input: { page: number; size: number }): Promise<{ sales: FlashSale[]; total: number }> {
    const page = input.page === 0 ? 1 : input.page;
    const size = input.size === 0 ? 20 : input.size;
    if (!Number.isSafeInteger(page) || page < 1) throw badSaleField("page", "must be at least 1");
    if (!Number.isSafeInteger(size) || size < 1 || size > MAX_PAGE_SIZE) throw badSaleField("size", `must be 1 to ${MAX_PAGE_SIZE}`);
    const { sales, total } = await this.deps.sales.list(page, size);
    const live = await this.deps.gate.remaining(sales);
    return { sales: sales.map((s) => ({ ...s, remaining: live.get(s.id) ?? s.remaining })), total };
  }
}
