import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobQueue, NewJob } from "@bookstore/platform/jobs";
import { eventually, hasMariadb, hasRedis, servicesRequired, startMariadb, startRedis, type TestServer } from "@bookstore/platform/testing";
import { startBookstore, type ApiClient, type TestBookstore } from "../support/bookstore.js";
import { orderJobProducer, type OrderJobProducer } from "../support/order-job-producer.js";

/** Short payment window, frequent polling and no safety-net sweep during the test: only the deadline jobs cancel. */
const JOB_ENV = {
  BOOKSTORE_ORDERS__PAYMENT_TIMEOUT_SECONDS: "2",
  BOOKSTORE_JOBS__POLL_INTERVAL_MS: "100",
  BOOKSTORE_JOBS__SAFETY_SWEEP_INTERVAL_MS: "3600000",
};

interface QueueJson {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

interface FailedJobJson {
  id: string;
  name: string;
  attemptsMade: number;
  failedReason: string;
  failedAt: string;
}

/**
 * The running bookstore, plus a producer on its durable "order" queue (the same adapter the order service uses, on
 * the same SQL table or Redis keys): how a test puts a job there that the service's own worker then runs and fails.
 */
interface JobsTarget {
  bs: TestBookstore;
  orderQueue: JobQueue;
  close(): Promise<void>;
}



const jobsTarget = (bs: TestBookstore, producer: OrderJobProducer): JobsTarget => ({
  bs,
  orderQueue: producer.queue,
  async close() {
    await producer.close();
    await bs.close();
  },
});

function jobsSuite(start: () => Promise<JobsTarget>) {
  let target: JobsTarget;
  let bs: TestBookstore;
  let admin: ApiClient;
  let bookIds: string[];
  beforeAll(async () => {
    target = await start();
    bs = target.bs;
    admin = await bs.login("admin");
    bookIds = (await bs.request("GET", "/api/v1/books?page=1&size=10")).json.items.map((b: { id: string }) => b.id);
  }, 120_000);
  afterAll(() => target?.close());

  const orderQueue = async (): Promise<QueueJson> => {
    const res = await admin.get("/api/v1/admin/jobs");
    expect(res.status, res.text).toBe(200);
    const queue = (res.json.queues as QueueJson[]).find((q) => q.name === "order");
    if (!queue) throw new Error(`no order queue in ${res.text}`);
    return queue;
  };
  const stockOf = async (id: string) => (await admin.get(`/api/v1/books/${id}/stock`)).json as { available: number; reserved: number };
  const statusOf = async (who: ApiClient, id: string): Promise<string> => (await who.get(`/api/v1/orders/${id}`)).json.status;

  it("shows queue stats to job:read holders only", async () => {
    const res = await admin.get("/api/v1/admin/jobs");
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({
      queues: expect.arrayContaining([
        {
          name: "order", waiting: expect.any(Number), active: expect.any(Number), delayed: expect.any(Number),
          failed: expect.any(Number), completed: expect.any(Number),
        },
      ]),
    });
    expect((await (await bs.login("viewer")).get("/api/v1/admin/jobs")).status).toBe(200);
    const customer = await bs.login("customer");
    expect((await customer.get("/api/v1/admin/jobs")).status).toBe(403);
    expect((await bs.anonymous.get("/api/v1/admin/jobs")).status).toBe(401);
  });

  it("cancels an unpaid order after the payment window, releasing its stock; a paid order is not cancelled", async () => {
    const [bookId] = bookIds;
    if (!bookId) throw new Error("no seeded book");
    expect((await admin.put(`/api/v1/books/${bookId}/stock`, { available: 10 })).status).toBe(200);
    const before = await orderQueue();
    const buyer = await bs.newCustomer();
    const place = (quantity: number) =>
      buyer.post("/api/v1/orders", { items: [{ bookId, quantity }] }, { "Idempotency-Key": `jobs-${randomUUID()}` });
    const unpaid = await place(3);
    const paid = await place(1);
    expect([unpaid.status, paid.status]).toEqual([201, 201]);
    expect(await stockOf(bookId)).toMatchObject({ reserved: 4 });
    expect((await buyer.post(`/api/v1/orders/${paid.json.id}/pay`)).status).toBe(202);
    await eventually(async () => expect(await statusOf(buyer, paid.json.id)).toBe("paid"), { timeoutMs: 1_500 });

    await eventually(async () => expect(await statusOf(buyer, unpaid.json.id)).toBe("cancelled"), { timeoutMs: 10_000 });
    await eventually(async () => expect(await stockOf(bookId)).toMatchObject({ available: 9, reserved: 0 }));
    // Both deadline jobs ran (the paid order's too) and the paid order kept its status.
    await eventually(async () => expect((await orderQueue()).completed).toBeGreaterThanOrEqual(before.completed + 2), { timeoutMs: 10_000 });
    expect(await statusOf(buyer, paid.json.id)).toBe("paid");
  });

  const failedJobs = async (query = "?page=1&size=100") => {
    const res = await admin.get(`/api/v1/admin/jobs/order/failed${query}`);
    expect(res.status, res.text).toBe(200);
    return res.json as { items: FailedJobJson[]; total: number; page: number; size: number };
  };

  it("lists a job that really failed, newest first with its reason; retrying it from the list runs it and it leaves the list", async () => {
    const [, bookId] = bookIds;
    if (!bookId) throw new Error("no seeded book");
    const buyer = await bs.newCustomer();
    const order = await buyer.post("/api/v1/orders", { items: [{ bookId, quantity: 1 }] }, { "Idempotency-Key": `failed-${randomUUID()}` });
    expect(order.status, order.text).toBe(201);
    // Extra deadline jobs for the order, due now with one attempt: each runs inside the 2 s payment window, so the
    // real expiry handler refuses ("still open") and the job is dead-lettered at once.
    const early: NewJob = { kind: "order.expire", payload: { orderId: order.json.id }, delayMs: 0, priority: 1, maxAttempts: 1, backoffMs: 0 };
    const startedAt = Date.now();
    const first = await target.orderQueue.add(early);
    await eventually(async () => expect((await failedJobs()).items.map((j) => j.id)).toContain(first), { timeoutMs: 5_000 });
    const second = await target.orderQueue.add(early);
    await eventually(async () => expect((await failedJobs()).items.map((j) => j.id)).toContain(second), { timeoutMs: 5_000 });

    const list = await failedJobs();
    expect(list).toMatchObject({ page: 1, size: 100, total: list.items.length });
    expect(list.items.map((j) => j.id).slice(0, 2)).toEqual([second, first]); // newest failure first
    const item = list.items.find((j) => j.id === first);
    expect(item).toEqual({
      id: first, name: "order.expire", attemptsMade: 1, failedReason: "the payment window of this order is still open",
      failedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
    expect(Date.parse(item?.failedAt ?? "")).toBeGreaterThanOrEqual(startedAt - 1_000);
    expect(Date.parse(item?.failedAt ?? "")).toBeLessThanOrEqual(Date.now() + 1_000);
    expect((await failedJobs("?page=2&size=1")).items).toEqual([item]);
    expect((await failedJobs("?page=3&size=1")).items).toHaveLength(list.total >= 3 ? 1 : 0);
    expect((await orderQueue()).failed).toBe(list.total);

    // Once the order's own deadline job has cancelled it, the retried job finds nothing left to do and completes.
    await eventually(async () => expect(await statusOf(buyer, order.json.id)).toBe("cancelled"), { timeoutMs: 10_000 });
    const retried = await admin.post(`/api/v1/admin/jobs/order/failed/${first}/retry`);
    expect(retried.status, retried.text).toBe(200);
    await eventually(async () => expect((await failedJobs()).items.map((j) => j.id)).not.toContain(first), { timeoutMs: 5_000 });
    const after = await failedJobs();
    expect(after.total).toBe(list.total - 1);
    expect(after.items.map((j) => j.id)).toContain(second);
    expect((await admin.post(`/api/v1/admin/jobs/order/failed/${first}/retry`)).status).toBe(404); // no longer failed
  });

  it("shows failed jobs to job:read holders only, and refuses an unknown queue or bad paging", async () => {
    expect((await (await bs.login("viewer")).get("/api/v1/admin/jobs/order/failed")).status).toBe(200);
    const customer = await bs.login("customer");
    const forbidden = await customer.get("/api/v1/admin/jobs/order/failed");
    expect(forbidden.status).toBe(403);
    expect(forbidden.json.error.code).toBe("FORBIDDEN");
    expect((await bs.anonymous.get("/api/v1/admin/jobs/order/failed")).status).toBe(401);

    const unknown = await admin.get("/api/v1/admin/jobs/no-such-queue/failed");
    expect(unknown.status, unknown.text).toBe(404);
    expect(unknown.json.error.code).toBe("NOT_FOUND");
    expect(await failedJobs("")).toMatchObject({ page: 1, size: 20 });
    for (const q of ["?page=0", "?size=0", "?size=101", "?page=x", "?size=1.5", "?offset=3"]) {
      const res = await admin.get(`/api/v1/admin/jobs/order/failed${q}`);
      expect(res.status, `${q}: ${res.text}`).toBe(400);
      expect(res.json.error.code).toBe("VALIDATION_FAILED");
    }
    expect((await admin.get("/api/v1/admin/jobs/bad%20queue/failed")).status).toBe(400);
  });

  it("answers 404 for retrying a failed job that does not exist, 403 without job:write", async () => {
    const res = await admin.post("/api/v1/admin/jobs/order/failed/no-such-job/retry");
    expect(res.status, res.text).toBe(404);
    expect(res.json.error.code).toBe("NOT_FOUND");
    expect((await (await bs.login("viewer")).post("/api/v1/admin/jobs/order/failed/1/retry")).status).toBe(403);
    expect((await admin.post("/api/v1/admin/jobs/order/failed/bad%20id/retry")).status).toBe(400);
  });
}

describe("jobs in the embedded profile (SQL job table)", () => {
  jobsSuite(async () => {
    const bs = await startBookstore({ env: JOB_ENV });
    return jobsTarget(bs, orderJobProducer({ dataDir: bs.dataDir }));
  });
});

describe.runIf((hasMariadb() && hasRedis()) || servicesRequired)("jobs on MariaDB + Redis (BullMQ)", () => {
  let mariadb: TestServer | undefined;
  let redis: TestServer | undefined;
  afterAll(async () => {
    await Promise.all([mariadb?.stop(), redis?.stop()]);
  });
  jobsSuite(async () => {
    [mariadb, redis] = await Promise.all([startMariadb(), startRedis()]);
    const bs = await startBookstore({ env: { ...JOB_ENV, DATABASE_URL: mariadb.url, REDIS_URL: redis.url } });
    return jobsTarget(bs, orderJobProducer({ redisUrl: redis.url }));
  });
});
