import type { Credentials } from "../../domain/actor.js";
import type { StockPort } from "../../domain/catalog-port.js";
import type { OrderLine } from "../../domain/order-lines.js";
import type { PurchaseRepository } from "./flash-sale-ports.js";
import { unitKey } from "./flash-sale.js";

/**
 * The order use cases settle stock by order id. A flash-sale order holds no reservation of its own: its unit was
 * reserved when the sale was created, under the unit's key. This port sits in front of the catalog and points
 * confirm (payment) and release (cancel, expiry) of such an order at that unit key; other orders pass through.
 * A cancelled or expired sale order therefore gives its unit back to the catalog, not to the sale: the sale's
 * counter and one-per-user set stay as they were, so the sale never re-sells and never exceeds `quantity` orders.
 */
export class FlashSaleOrderStock implements StockPort {
  constructor(
    private readonly catalog: StockPort,
    private readonly purchases: PurchaseRepository,
  ) {}

  reserve(key: string, lines: readonly OrderLine[], on: Credentials): Promise<void> {
    return this.catalog.reserve(key, lines, on);
  }

  async release(key: string, on: Credentials): Promise<void> {
    await this.catalog.release(await this.keyFor(key), on);
  }

  async confirm(key: string, on: Credentials): Promise<void> {
    await this.catalog.confirm(await this.keyFor(key), on);
  }

  private async keyFor(orderId: string): Promise<string> {
    const held = await this.purchases.unitOfOrder(orderId);
    return held ? unitKey(held.saleId, held.unit) : orderId;
  }
}
