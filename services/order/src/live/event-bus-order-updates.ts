import type { EventBus } from "@bookstore/platform/events";
import type { FailureReporter } from "../domain/failure-reporter.js";
import type { Order } from "../domain/order.js";
import type { FlashSaleResult, OrderUpdates } from "../domain/order-updates-port.js";

/** The channel every gateway subscribes to (services/gateway/src/live/live-protocol.ts); payload {userId, message}. */
const LIVE_USER_CHANNEL = "live.user";

/**
 * Publishes each update once on the process event bus (Redis pub/sub in production, so every gateway sees it and
 * forwards it to that user's sockets). `message` is exactly what the client receives (DESIGN.md "live").
 */
export class EventBusOrderUpdates implements OrderUpdates {
  constructor(
    private readonly events: EventBus,
    private readonly reporter: FailureReporter,
  ) {}

  orderChanged(order: Order): void {
    this.publish(order.userId, { type: "order.updated", order: { id: order.id, status: order.status } });
  }

  flashSaleSettled(result: FlashSaleResult): void {
    const { userId, saleId, status, orderId } = result;
    this.publish(userId, { type: "flashsale.result", saleId, status, ...(orderId !== undefined ? { orderId } : {}) });
  }

  private publish(userId: string, message: { type: string } & Record<string, unknown>): void {
    // Not awaited: the caller's operation has committed and must not wait for (or fail on) the notification.
    void this.events
      .publish(LIVE_USER_CHANNEL, JSON.stringify({ userId, message }))
      .catch((err: unknown) => this.reporter.report("live_update_publish", err, { userId, type: message.type }));
  }
}
