import type { Clock, Ids } from "../../domain/clock.js";
import type { FailureReporter } from "../../domain/failure-reporter.js";
import { newOrder } from "../../domain/order.js";
import type { OrderUpdates } from "../../domain/order-updates-port.js";
import type { FlashSaleRepository, PurchaseRepository, SaleOrderDeadlines } from "./flash-sale-ports.js";
import type { FlashSale, FlashSalePurchase } from "./flash-sale.js";

export interface FulfilDeps {
  sales: FlashSaleRepository;
  purchases: PurchaseRepository;
  reporter: FailureReporter;
  clock: Clock;
  ids: Ids;
  paymentTimeoutSeconds: number;
  batchSize: number;
  /** Without it the order service's periodic sweep still cancels an unpaid sale order, only later. */
  deadlines?: SaleOrderDeadlines | undefined;
  /** The buyer hears of the result (and of the new order) once it committed. */
  updates: OrderUpdates;
}

/**
 * Drains queued purchases into pending_payment orders at the sale price. The sale's unit is already held in
 * the catalog under the unit's key (see FlashSaleOrderStock), so creating the order is one local transaction:
 * the purchase moves to succeeded only together with its order, and at most once.
 */
export class FulfilFlashSalePurchases {
  constructor(private readonly deps: FulfilDeps) {}

  /** One batch; returns how many purchases it settled (0: the queue looked empty). */
  async execute(): Promise<number> {
    const queued = await this.deps.purchases.queued(this.deps.batchSize);
    const sales = new Map<string, FlashSale | undefined>();
    let settled = 0;
    for (const purchase of queued) {
      try {
        if (!sales.has(purchase.saleId)) sales.set(purchase.saleId, await this.deps.sales.byId(purchase.saleId));
        if (await this.fulfil(purchase, sales.get(purchase.saleId))) settled += 1;
      } catch (e) {
        // Left queued: the next batch tries again.
        this.deps.reporter.report("flash_sale_fulfil", e, { saleId: purchase.saleId, userId: purchase.userId });
      }
    }
    return settled;
  }

  private async fulfil(purchase: FlashSalePurchase, sale: FlashSale | undefined): Promise<boolean> {
    const nowMs = this.deps.clock.now().getTime();
    if (!sale) {
      await this.deps.purchases.fail(purchase, "sale not found", nowMs);
      this.deps.updates.flashSaleSettled({ userId: purchase.userId, saleId: purchase.saleId, status: "failed" });
      return true;
    }
    const order = newOrder({
      id: this.deps.ids.next(),
      userId: purchase.userId,
      items: [{ bookId: sale.bookId, title: sale.title, quantity: 1, priceCents: sale.priceCents }],
      currency: sale.currency,
      addressId: null,
      nowMs,
      paymentTimeoutSeconds: this.deps.paymentTimeoutSeconds,
    });
    if (!(await this.deps.purchases.fulfil(purchase, order))) return false;
    this.deps.updates.orderChanged(order);
    this.deps.updates.flashSaleSettled({ userId: purchase.userId, saleId: purchase.saleId, status: "succeeded", orderId: order.id });
    try {
      await this.deps.deadlines?.schedule(order.id, order.expiresAtMs);
    } catch (e) {
      this.deps.reporter.report("flash_sale_order_deadline", e, { orderId: order.id });
    }
    return true;
  }
}
