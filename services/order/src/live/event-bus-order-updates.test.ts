import { describe, expect, it } from "vitest";
import { InProcessEventBus, RedisEventBus } from "@bookstore/platform/events";
import { createLogger } from "@bookstore/platform/logger";
import { createMetrics } from "@bookstore/platform/metrics";
import { eventually, freePort } from "@bookstore/platform/testing";
import { newOrder } from "../domain/order.js";
import { MetricFailureReporter } from "../observability/metric-failure-reporter.js";
import { EventBusOrderUpdates } from "./event-bus-order-updates.js";

const order = newOrder({
  id: "42", userId: "7", items: [{ bookId: "1", title: "T", quantity: 1, priceCents: 100 }], currency: "CNY", addressId: null,
  nowMs: 0, paymentTimeoutSeconds: 60,
});

describe("EventBusOrderUpdates", () => {
  it("publishes {userId, message} on live.user, the message being exactly what the client receives", async () => {
    const bus = new InProcessEventBus();
    const seen: unknown[] = [];
    bus.subscribe("live.user", (p) => seen.push(JSON.parse(p)));
    const updates = new EventBusOrderUpdates(bus, new MetricFailureReporter(createMetrics(), createLogger({ level: "silent", name: "t" })));
    updates.orderChanged(order);
    updates.flashSaleSettled({ userId: "7", saleId: "9", status: "succeeded", orderId: "42" });
    updates.flashSaleSettled({ userId: "8", saleId: "9", status: "failed" });
    await eventually(() => expect(seen).toHaveLength(3));
    expect(seen).toEqual([
      { userId: "7", message: { type: "order.updated", order: { id: "42", status: "pending_payment" } } },
      { userId: "7", message: { type: "flashsale.result", saleId: "9", status: "succeeded", orderId: "42" } },
      { userId: "8", message: { type: "flashsale.result", saleId: "9", status: "failed" } },
    ]);
  });

  it("reports a failed publish instead of throwing it at the caller", async () => {
    // Nothing listens on this port: the Redis publish fails after its retries.
    const bus = new RedisEventBus(`redis://127.0.0.1:${await freePort()}`);
    const metrics = createMetrics();
    const updates = new EventBusOrderUpdates(bus, new MetricFailureReporter(metrics, createLogger({ level: "silent", name: "t" })));
    expect(() => updates.orderChanged(order)).not.toThrow();
    await eventually(async () => {
      const text = await metrics.registry.metrics();
      expect(text).toMatch(/order_best_effort_failures_total\{effect="live_update_publish"\} 1/);
    }, { timeoutMs: 20_000, intervalMs: 100 });
    await bus.close();
  });
});
