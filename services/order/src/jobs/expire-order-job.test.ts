import { afterEach, describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import { AppError, Reason } from "@bookstore/platform/errors";
import { Snowflake } from "@bookstore/platform/ids";
import { jobsTableOf, openJobSystem, type JobSystem } from "@bookstore/platform/jobs";
import { createLogger } from "@bookstore/platform/logger";
import { eventually, testDialects, useTestDatabase } from "@bookstore/platform/testing";
import { signPayload } from "../domain/payment-signature.js";
import { migrationsFor } from "../storage/migrations.js";
import type { OrderDb } from "../storage/schema.js";
import { orderUseCaseHarness } from "../testing/order-use-case-harness.js";
import { TEST_HMAC_SECRET } from "../testing/order-test-service.js";
import { expireOrderJob, JobPaymentDeadlines } from "./expire-order-job.js";
import { ORDER_JOB_KINDS } from "./order-job-kinds.js";

const logger = createLogger({ level: "silent", name: "expire-test" });

describe.each(testDialects)("payment deadline jobs on the SQL job table (%s)", (dialect) => {
  const t = useTestDatabase<OrderDb>(dialect, "order", migrationsFor);
  let jobs: JobSystem | undefined;
  afterEach(() => jobs?.close());

  function harness() {
    const clock = new FakeClock(new Date("2026-04-01T00:00:00.000Z"));
    const system = openJobSystem({
      kinds: ORDER_JOB_KINDS, redisUrl: "", sql: jobsTableOf(t.db.db), clock, logger,
      settings: { pollIntervalMs: 20, leaseMs: 5_000, concurrency: 2, localConcurrency: 2, keepCompletedMs: 3_600_000 },
    });
    jobs = system;
    const h = orderUseCaseHarness(t.db, { ids: new Snowflake(9), clock, deadlines: new JobPaymentDeadlines(system, clock) });
    system.handle(expireOrderJob.name, (payload, ctx) => expireOrderJob.handle(payload, ctx, { expireOrder: h.expireOrder }));
    system.start();
    return { ...h, jobs: system };
  }

  const orderStats = async (jobs: JobSystem) => (await jobs.stats()).find((q) => q.name === "order");

  it("cancels an unpaid order when its window closes, releasing the stock; a paid one is left alone", async () => {
    const h = harness();
    const before = await orderStats(h.jobs);
    const unpaid = await h.placeOrder(2);
    const paid = await h.placeOrder(1);
    expect(h.catalog.stockOf(h.book)).toBe(2);
    const payment = await h.payOrder.execute(h.buyer, { id: paid.id });
    const raw = new TextEncoder().encode(JSON.stringify({
      eventId: `evt-${paid.id}`, paymentId: payment.id, orderId: paid.id, status: "succeeded", amountCents: 1_000,
    }));
    await h.handlePaymentCallback.execute({ rawBody: raw, signature: signPayload(TEST_HMAC_SECRET, raw) });
    expect(await orderStats(h.jobs)).toMatchObject({ delayed: (before?.delayed ?? 0) + 2 });

    h.clock.advance(899_000); // not yet: nothing runs early
    await new Promise((r) => setTimeout(r, 150)); // several poll intervals
    expect((await h.getOrder.execute(h.buyer, { id: unpaid.id })).status).toBe("pending_payment");

    h.clock.advance(1_000);
    await eventually(async () => expect((await h.getOrder.execute(h.buyer, { id: unpaid.id })).status).toBe("cancelled"));
    await eventually(() => expect(h.catalog.stockOf(h.book)).toBe(4)); // the paid order keeps its unit
    await eventually(async () => expect((await orderStats(h.jobs))?.completed).toBe((before?.completed ?? 0) + 2));
    expect((await h.getOrder.execute(h.buyer, { id: paid.id })).status).toBe("paid");
    expect((await h.getOrder.execute(h.buyer, { id: unpaid.id })).releasePending).toBe(false);
  });

  it("is idempotent: running the deadline of an order again changes nothing", async () => {
    const h = harness();
    const order = await h.placeOrder(1);
    h.clock.advance(900_000);
    expect(await h.expireOrder.execute({ orderId: order.id })).toBe("cancelled");
    expect(await h.expireOrder.execute({ orderId: order.id })).toBe("settled");
    expect(await h.expireOrder.execute({ orderId: "123" })).toBe("missing");
    expect(h.catalog.stockOf(h.book)).toBe(5);
  });

  it("retries a release that failed, with backoff, until the peer answers", async () => {
    const h = harness();
    const order = await h.placeOrder(1);
    h.catalog.failNext = { op: "release", error: new AppError(Reason.UNAVAILABLE, "catalog is down") };
    h.clock.advance(900_000);
    await eventually(async () => expect((await h.getOrder.execute(h.buyer, { id: order.id })).releasePending).toBe(true));
    expect((await h.getOrder.execute(h.buyer, { id: order.id })).status).toBe("cancelled");
    expect(h.catalog.stockOf(h.book)).toBe(4);
    h.clock.advance(2_000); // the kind's first backoff
    await eventually(() => expect(h.catalog.stockOf(h.book)).toBe(5));
    await eventually(async () => expect((await h.getOrder.execute(h.buyer, { id: order.id })).releasePending).toBe(false));
  });
});
