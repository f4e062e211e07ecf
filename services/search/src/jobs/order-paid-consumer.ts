import type { Logger } from "@bookstore/platform/logger";
import type { EventStream, StreamEvent } from "@bookstore/platform/outbox";
import type { Clock } from "../domain/clock.js";
import { parsePaidOrder } from "../domain/paid-order.js";
import type { SalesTally } from "../domain/sales-tally.js";

export const ORDER_PAID = "order.paid";

/**
 * Feeds paid orders into the sales tally behind `sort=bestselling` and the sales boost. Every search process keeps
 * its own tally, so each consumes every event (its own group). Idempotent: an order counts once however often its
 * event is delivered, keyed by the order id (by the event id for an event without one).
 */
export class OrderPaidConsumer {
  private stop: (() => Promise<void>) | undefined;

  constructor(
    private readonly deps: { stream: EventStream; group: string; sales: SalesTally; clock: Clock; logger: Logger },
  ) {}

  start(): void {
    this.stop ??= this.deps.stream.consume(ORDER_PAID, this.deps.group, (e) => Promise.resolve(void this.handle(e)));
  }

  /** True when the order's books were counted now; false for a redelivery or an unreadable event (skipped, not retried). */
  handle(event: StreamEvent): boolean {
    const order = parsePaidOrder(event.payload);
    if (!order) {
      this.deps.logger.warn({ eventId: event.id }, "unreadable order.paid event skipped");
      return false;
    }
    const key = order.orderId === "" ? `event:${event.id}` : `order:${order.orderId}`;
    const paidAtMs = order.paidAtMs > 0 ? order.paidAtMs : this.deps.clock.now().getTime();
    return this.deps.sales.recordOrder(key, order.lines, paidAtMs);
  }

  async close(): Promise<void> {
    const stop = this.stop;
    this.stop = undefined;
    await stop?.();
  }
}
