import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisEventBus } from "@bookstore/platform/events";
import { eventually, hasMariadb, hasRedis, servicesRequired, startMariadb, startRedis, type TestServer } from "@bookstore/platform/testing";
import { startBookstore, type ApiClient, type TestBookstore } from "../support/bookstore.js";

/** A valid ISBN-13 no seeded book has (979 prefix, random body, computed check digit). */
function isbn13(): string {
  const body = `979${String(randomInt(0, 1_000_000_000)).padStart(9, "0")}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return body + String((10 - (sum % 10)) % 10);
}

const TASK_KEYS = ["enqueuedAt", "finishedAt", "isbn", "priority", "status", "taskId"];

describe("listing engine through the gateway", () => {
  let bs: TestBookstore;
  let editor: ApiClient;
  let books: { id: string; isbn: string }[];

  beforeAll(async () => {
    // A small normal queue with one worker, so a few concurrent requests flood it.
    bs = await startBookstore({ env: { BOOKSTORE_LISTING__NORMAL__CAPACITY: "150", BOOKSTORE_LISTING__NORMAL__WORKERS: "1" } });
    editor = await bs.login("editor");
    const page = await bs.request("GET", "/api/v1/books?size=100");
    books = page.json.items;
  });
  afterAll(() => bs.close());

  /** Polls until the task has finished; answers its JSON. */
  const finished = (taskId: string, who = editor) =>
    eventually(async () => {
      const res = await who.get(`/api/v1/listings/${taskId}`);
      expect(res.status).toBe(200);
      expect(["done", "failed"]).toContain(res.json.status);
      return res.json;
    }, { timeoutMs: 10_000 });

  it("lists 20 books in one batch: every task ends done and the new counts show in the books' stock", async () => {
    const chosen = books.slice(0, 20);
    const items = chosen.map((b, i) => ({ isbn: b.isbn, stock: 300 + i, priority: i % 2 === 0 ? "high" : "normal" }));
    const res = await editor.post("/api/v1/listings", { items });
    expect(res.status).toBe(202);
    expect(res.json.tasks).toHaveLength(20);
    expect(res.json.tasks.map((t: { isbn: string }) => t.isbn)).toEqual(chosen.map((b) => b.isbn));

    for (const [i, t] of (res.json.tasks as { taskId: string }[]).entries()) {
      const task = await finished(t.taskId);
      expect(Object.keys(task).sort()).toEqual(TASK_KEYS);
      expect(task).toMatchObject({ taskId: t.taskId, isbn: chosen[i]?.isbn, status: "done", priority: i % 2 === 0 ? "high" : "normal" });
      expect(Date.parse(task.finishedAt)).toBeGreaterThanOrEqual(Date.parse(task.enqueuedAt));
      const stock = await editor.get(`/api/v1/books/${chosen[i]?.id}/stock`);
      expect(stock.json.available).toBe(300 + i);
    }
  });

  it("takes a single listing too, hyphens and all, and lets a viewer read the task", async () => {
    const book = books[30];
    const hyphenated = `${book?.isbn.slice(0, 3)}-${book?.isbn.slice(3)}`;
    const res = await editor.post("/api/v1/listings", { isbn: hyphenated, stock: 42, priority: "high" });
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ tasks: [{ taskId: expect.any(String), isbn: book?.isbn }] });
    const viewer = await bs.login("viewer");
    expect((await finished(res.json.tasks[0].taskId, viewer)).status).toBe("done");
    expect((await editor.get(`/api/v1/books/${book?.id}/stock`)).json.available).toBe(42);
  });

  it("ends a listing of an unknown book 'failed' with the reason", async () => {
    const res = await editor.post("/api/v1/listings", { isbn: isbn13(), stock: 1 });
    expect(res.status).toBe(202);
    const task = await finished(res.json.tasks[0].taskId);
    expect(task).toMatchObject({ status: "failed", reason: "no book with this ISBN", priority: "normal" });
    expect(task.finishedAt).toEqual(expect.any(String));
  });

  it("rejects malformed listings with 400 and queues nothing of such a batch", async () => {
    const good = { isbn: books[40]?.isbn, stock: 1 };
    const bad = [
      { items: [good, { isbn: "9780000000001", stock: 1 }] }, // wrong check digit
      { isbn: good.isbn, stock: -1 },
      { isbn: good.isbn, stock: "1" },
      { isbn: good.isbn, stock: 1, priority: "urgent" },
      { isbn: good.isbn, stock: 1, extra: true },
      { items: [] },
      {},
    ];
    for (const body of bad) {
      const res = await editor.post("/api/v1/listings", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.code).toBe("VALIDATION_FAILED");
    }
    const checksum = await editor.post("/api/v1/listings", bad[0]);
    expect(checksum.json.error.details).toMatchObject({ field: "items[1].isbn" });
  });

  it("answers 403 to a customer and 404 for an unknown task", async () => {
    const customer = await bs.newCustomer();
    expect((await customer.post("/api/v1/listings", { isbn: books[0]?.isbn, stock: 1 })).status).toBe(403);
    const accepted = await editor.post("/api/v1/listings", { isbn: books[1]?.isbn, stock: 2 });
    expect((await customer.get(`/api/v1/listings/${accepted.json.tasks[0].taskId}`)).status).toBe(403);
    expect((await bs.anonymous.post("/api/v1/listings", { isbn: books[0]?.isbn, stock: 1 })).status).toBe(401);
    const viewer = await bs.login("viewer");
    expect((await viewer.post("/api/v1/listings", { isbn: books[0]?.isbn, stock: 1 })).status).toBe(403);
    expect((await editor.get("/api/v1/listings/123456789")).status).toBe(404);
  });

  it("documents the routes in OpenAPI and exports queue metrics", async () => {
    const doc = await bs.request("GET", "/swagger/json");
    expect(Object.keys(doc.json.paths)).toEqual(expect.arrayContaining(["/api/v1/listings", "/api/v1/listings/{taskId}"]));
    const metrics = (await bs.request("GET", "/metrics")).text;
    for (const name of ["listing_queue_depth", "listing_task_wait_seconds_bucket", "listing_task_run_seconds_bucket", "listing_tasks_total"])
      expect(metrics).toContain(name);
  });

  it("answers 429 QUEUE_FULL with Retry-After when flooded, and every accepted task still ends done or failed", async () => {
    // 100 of 150 slots per request: once one batch waits, the next cannot fit until half of it has run.
    const batch = { items: books.slice(0, 100).map((b) => ({ isbn: b.isbn, stock: 7 })) };
    const responses = await Promise.all(Array.from({ length: 30 }, () => editor.post("/api/v1/listings", batch)));
    const full = responses.filter((r) => r.status === 429);
    const accepted = responses.filter((r) => r.status === 202);
    expect(full.length).toBeGreaterThan(0);
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.length + full.length).toBe(30);
    for (const r of full) {
      expect(r.json.error.code).toBe("QUEUE_FULL");
      expect(Number(r.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
    // High priority still gets through while normal is flooded.
    const urgent = await editor.post("/api/v1/listings", { isbn: books[50]?.isbn, stock: 9, priority: "high" });
    expect(urgent.status).toBe(202);
    const ids = [...accepted, urgent].flatMap((r) => r.json.tasks.map((t: { taskId: string }) => t.taskId));
    for (const id of ids) expect(["done", "failed"]).toContain((await finished(id)).status);
  });
});

// The production adapters: task records and stock in MariaDB, book.listed over Redis pub/sub to every gateway.
describe.runIf((hasMariadb() && hasRedis()) || servicesRequired)("listing engine on MariaDB + Redis", () => {
  let mariadb: TestServer;
  let redis: TestServer;
  let bs: TestBookstore;
  let bus: RedisEventBus;
  const listed: string[][] = [];

  beforeAll(async () => {
    [mariadb, redis] = await Promise.all([startMariadb(), startRedis()]);
    bs = await startBookstore({ env: { DATABASE_URL: mariadb.url, REDIS_URL: redis.url } });
    bus = new RedisEventBus(redis.url);
    bus.subscribe("book.listed", (payload) => listed.push((JSON.parse(payload) as { bookIds: string[] }).bookIds));
    await bus.settled();
  }, 120_000);
  afterAll(async () => {
    await bus?.close();
    await bs?.close();
    await Promise.all([mariadb?.stop(), redis?.stop()]);
  });

  it("lists books to done, updates their stock and announces them on book.listed", async () => {
    const editor = await bs.login("editor");
    const chosen = (await bs.request("GET", "/api/v1/books?size=10")).json.items as { id: string; isbn: string }[];
    const res = await editor.post("/api/v1/listings", {
      items: chosen.map((b, i) => ({ isbn: b.isbn, stock: 70 + i, priority: i % 2 ? "high" : "normal" })),
    });
    expect(res.status).toBe(202);
    for (const [i, t] of (res.json.tasks as { taskId: string }[]).entries()) {
      const task = await eventually(async () => {
        const r = await editor.get(`/api/v1/listings/${t.taskId}`);
        expect(r.json.status).toBe("done");
        return r.json;
      }, { timeoutMs: 10_000 });
      expect(task.finishedAt).toEqual(expect.any(String));
      expect((await editor.get(`/api/v1/books/${chosen[i]?.id}/stock`)).json.available).toBe(70 + i);
    }
    await eventually(() => {
      for (const b of chosen) expect(listed.flat()).toContain(b.id);
    });
  });
});
