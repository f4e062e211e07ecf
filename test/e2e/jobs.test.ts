import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, hasMariadb, hasRedis, servicesRequired, startMariadb, startRedis, type TestServer } from "@bookstore/platform/testing";
import { startBookstore, type ApiClient, type TestBookstore } from "../support/bookstore.js";

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

function jobsSuite(start: () => Promise<TestBookstore>) {
  let bs: TestBookstore;
  let admin: ApiClient;
  let bookIds: string[];
  beforeAll(async () => {
    bs = await start();
    admin = await bs.login("admin");
    bookIds = (await bs.request("GET", "/api/v1/books?page=1&size=10")).json.items.map((b: { id: string }) => b.id);
  }, 120_000);
  afterAll(() => bs?.close());

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

  it("answers 404 for retrying a failed job that does not exist, 403 without job:write", async () => {
    const res = await admin.post("/api/v1/admin/jobs/order/failed/no-such-job/retry");
    expect(res.status, res.text).toBe(404);
    expect(res.json.error.code).toBe("NOT_FOUND");
    expect((await (await bs.login("viewer")).post("/api/v1/admin/jobs/order/failed/1/retry")).status).toBe(403);
    expect((await admin.post("/api/v1/admin/jobs/order/failed/bad%20id/retry")).status).toBe(400);
  });
}

describe("jobs in the embedded profile (SQL job table)", () => {
  jobsSuite(() => startBookstore({ env: JOB_ENV }));
});

describe.runIf((hasMariadb() && hasRedis()) || servicesRequired)("jobs on MariaDB + Redis (BullMQ)", () => {
  let mariadb: TestServer | undefined;
  let redis: TestServer | undefined;
  afterAll(async () => {
    await Promise.all([mariadb?.stop(), redis?.stop()]);
  });
  jobsSuite(async () => {
    [mariadb, redis] = await Promise.all([startMariadb(), startRedis()]);
    return startBookstore({ env: { ...JOB_ENV, DATABASE_URL: mariadb.url, REDIS_URL: redis.url } });
  });
});
