import { systemActor } from "./actor.js";
import type { Clock } from "./clock.js";
import type { FailureReporter } from "./failure-reporter.js";
import { cancel, type Order } from "./order.js";
import type { OrderStore } from "./order-store.js";
import type { OrderUpdates } from "./order-updates-port.js";
import type { ReleaseOrderHolds } from "./release-order-holds.js";
import { saveCancellation } from "./save-cancellation.js";

const BATCH = 100;

export interface ExpireOrdersDeps {
  store: OrderStore;
  release: ReleaseOrderHolds;
  reporter: FailureReporter;
  clock: Clock;
  updates: OrderUpdates;
}

/**
 * One sweep: cancel unpaid orders whose payment window closed, then retry releases that failed earlier.
 * One order failing does not stop the others; each failure is reported and retried on the next sweep.
 */
export class ExpireOrders {
  constructor(private readonly deps: ExpireOrdersDeps) {}

  async execute(): Promise<{ expired: number; released: number }> {
    const { store, clock } = this.deps;
    const orders = store.orders;
    let expired = 0;
    let released = 0;
    const tried = new Set<string>();
    for (const order of await orders.expired(clock.now().getTime(), BATCH)) {
      const cancelled = cancel(order, clock.now().getTime());
      // Lost the race to a payment (or a cancel by the owner): nothing to do here.
      if (!(await saveCancellation(store, cancelled, "payment_timeout"))) continue;
      this.deps.updates.orderChanged(cancelled);
      expired += 1;
      tried.add(order.id);
      if (await this.release(cancelled)) released += 1;
    }
    for (const order of await orders.releasePending(BATCH))
      if (!tried.has(order.id) && (await this.release(order))) released += 1;
    return { expired, released };
  }

  private async release(order: Order): Promise<boolean> {
    try {
      await this.deps.release.execute(order, systemActor(order.userId).credentials);
      return true;
    } catch (e) {
      this.deps.reporter.report("release_order_holds", e, { orderId: order.id });
      return false;
    }
  }
}
