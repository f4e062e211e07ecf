import { forbidden } from "@bookstore/platform/errors";
import type { BookCatalog, StockPort } from "../../domain/catalog-port.js";
import type { Clock, Ids } from "../../domain/clock.js";
import type { FailureReporter } from "../../domain/failure-reporter.js";
import type { FlashSaleActor } from "./flash-sale-actor.js";
import { saleBookNotFound } from "./flash-sale-errors.js";
import type { FlashSaleRepository, PurchaseGate } from "./flash-sale-ports.js";
import { newFlashSale, unitKey, validateNewSale, type FlashSale, type NewFlashSaleInput } from "./flash-sale.js";

export interface CreateFlashSaleDeps {
  sales: FlashSaleRepository;
  gate: PurchaseGate;
  catalog: BookCatalog;
  stock: StockPort;
  reporter: FailureReporter;
  clock: Clock;
  ids: Ids;
  maxQuantity: number;
  /** Catalog reservations in flight at once while the sale's units are put aside. */
  reserveConcurrency: number;
}

/**
 * Puts the sale's units aside in the catalog first (one reservation per unit, so regular orders cannot take
 * them and every sale order later settles exactly its own unit), then stores the sale and opens the gate.
 * If any step fails, every unit reserved so far is released and nothing is stored.
 */
export class CreateFlashSale {
  constructor(private readonly deps: CreateFlashSaleDeps) {}

  async execute(actor: FlashSaleActor, raw: NewFlashSaleInput): Promise<FlashSale> {
    if (!actor.canManage) throw forbidden("permission denied", { permission: "flashsale:write" });
    const nowMs = this.deps.clock.now().getTime();
    const input = validateNewSale(raw, nowMs, this.deps.maxQuantity);
    const book = (await this.deps.catalog.booksByIds([input.bookId], actor.credentials)).get(input.bookId);
    if (!book) throw saleBookNotFound(input.bookId);
    const sale = newFlashSale(this.deps.ids.next(), input, book, nowMs);
    const attempted: number[] = [];
    try {
      await this.reserveUnits(sale, actor, attempted);
      await this.deps.sales.insert(sale);
      await this.deps.gate.open(sale);
      return sale;
    } catch (e) {
      await this.releaseUnits(sale, actor, attempted);
      throw e;
    }
  }

  private async reserveUnits(sale: FlashSale, actor: FlashSaleActor, attempted: number[]): Promise<void> {
    let next = 0;
    let failure: { error: unknown } | undefined;
    const lines = [{ bookId: sale.bookId, quantity: 1 }];
    const worker = async () => {
      while (next < sale.quantity && !failure) {
        const unit = next++;
        attempted.push(unit); // before the call: a timed-out reservation may still have happened
        try {
          await this.deps.stock.reserve(unitKey(sale.id, unit), lines, actor.credentials);
        } catch (e) {
          failure ??= { error: e };
        }
      }
    };
    // Every worker stops before the compensation runs, so no reservation lands after its release.
    await Promise.all(Array.from({ length: Math.min(this.deps.reserveConcurrency, sale.quantity) }, worker));
    if (failure) throw failure.error;
  }

  /** Releasing an unknown key is a no-op, so every attempted unit is released; failures are reported, not thrown. */
  private async releaseUnits(sale: FlashSale, actor: FlashSaleActor, units: readonly number[]): Promise<void> {
    for (const unit of units) {
      try {
        await this.deps.stock.release(unitKey(sale.id, unit), actor.credentials);
      } catch (e) {
        this.deps.reporter.report("flash_sale_unit_release", e, { saleId: sale.id, unit });
      }
    }
  }
}
