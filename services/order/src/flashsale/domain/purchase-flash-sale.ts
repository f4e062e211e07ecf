import type { Clock } from "../../domain/clock.js";
import type { FlashSaleActor } from "./flash-sale-actor.js";
import { alreadyBought, saleNotFound, saleNotOpen, saleSoldOut } from "./flash-sale-errors.js";
import type { FlashSaleRepository, PurchaseGate } from "./flash-sale-ports.js";
import { saleWindow, type FlashSale, type FlashSalePurchase } from "./flash-sale.js";

export interface PurchaseFlashSaleDeps {
  sales: FlashSaleRepository;
  gate: PurchaseGate;
  clock: Clock;
  /** Wakes the order worker after an accepted purchase (it also polls, so a lost wake-up only delays). */
  onAccepted: (purchase: FlashSalePurchase) => void;
}

/**
 * One unit for the caller, or the reason why not. The window is checked here first (cheap, and an unknown
 * Redis counter is rebuilt only for open sales) and again atomically by the gate.
 */
export class PurchaseFlashSale {
  private readonly cache = new Map<string, FlashSale>();

  constructor(private readonly deps: PurchaseFlashSaleDeps) {}

  async execute(actor: FlashSaleActor, input: { saleId: string }): Promise<FlashSalePurchase> {
    const sale = await this.sale(input.saleId);
    const nowMs = this.deps.clock.now().getTime();
    const window = saleWindow(sale, nowMs);
    if (window !== "open") throw saleNotOpen(sale.id, window);
    const outcome = await this.deps.gate.acquire(sale, actor.userId, nowMs);
    switch (outcome.kind) {
      case "accepted":
        this.deps.onAccepted(outcome.purchase);
        return outcome.purchase;
      case "already_bought":
        throw alreadyBought(sale.id);
      case "sold_out":
        throw saleSoldOut(sale.id);
      case "closed":
        throw saleNotOpen(sale.id, saleWindow(sale, this.deps.clock.now().getTime()));
    }
  }

  /** Sales never change once created, so a burst of purchases reads each one from the store once. */
  private async sale(id: string): Promise<FlashSale> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const sale = await this.deps.sales.byId(id);
    if (!sale) throw saleNotFound(id);
    if (this.cache.size >= 1_000) this.cache.clear();
    this.cache.set(id, sale);
    return sale;
  }
}
