import type { Credentials } from "./actor.js";
import type { StockPort } from "./catalog-port.js";
import type { CouponPort } from "./coupon-port.js";
import type { Order } from "./order.js";
import type { OrderRepository } from "./order-store.js";

export interface ReleaseDeps {
  orders: OrderRepository;
  stock: StockPort;
  coupons: CouponPort;
}

/**
 * Gives back what a cancelled order held. Both calls are no-ops for an unknown or settled key, so a retry
 * (the sweeper picks up any order still marked releasePending) is always safe.
 */
export class ReleaseOrderHolds {
  constructor(private readonly deps: ReleaseDeps) {}

  async execute(order: Order, on: Credentials): Promise<void> {
    await this.deps.stock.release(order.id, on);
    if (order.couponId) await this.deps.coupons.release(order.id, on);
    await this.deps.orders.markReleased(order.id);
  }
}
