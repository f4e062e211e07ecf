import type { StockPort } from "../../domain/catalog-port.js";
import type { Clock } from "../../domain/clock.js";
import type { FailureReporter } from "../../domain/failure-reporter.js";
import { flashSaleSystem } from "./flash-sale-actor.js";
import type { FlashSaleRepository, PurchaseRepository } from "./flash-sale-ports.js";
import { unitKey } from "./flash-sale.js";

export interface ReleaseUnsoldDeps {
  sales: FlashSaleRepository;
  purchases: PurchaseRepository;
  stock: StockPort;
  reporter: FailureReporter;
  clock: Clock;
  /** Wait this long after a sale ends: a purchase the gate accepted just before the end may still be recording. */
  graceMs: number;
}

/**
 * After a sale ends, gives every unit no purchase owns back to the catalog: units never sold, units of failed
 * purchases, and units a crash took between the Redis gate and the purchase row. Units of live purchases stay
 * with their orders. Releasing is idempotent, so a sweep interrupted half-way just runs again.
 */
export class ReleaseUnsoldSaleUnits {
  constructor(private readonly deps: ReleaseUnsoldDeps) {}

  async execute(): Promise<number> {
    const ended = await this.deps.sales.endedWithUnitsHeld(this.deps.clock.now().getTime() - this.deps.graceMs, 10);
    let released = 0;
    for (const sale of ended) {
      try {
        const inUse = await this.deps.purchases.unitsInUse(sale.id);
        for (let unit = 0; unit < sale.quantity; unit++) {
          if (inUse.has(unit)) continue;
          await this.deps.stock.release(unitKey(sale.id, unit), flashSaleSystem);
          released += 1;
        }
        await this.deps.sales.markUnitsReleased(sale.id);
      } catch (e) {
        this.deps.reporter.report("flash_sale_release_unsold", e, { saleId: sale.id });
      }
    }
    return released;
  }
}
