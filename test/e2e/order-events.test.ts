import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { openDatabase, type Database } from "@bookstore/platform/db";
import { createLogger } from "@bookstore/platform/logger";
import { outboxMigration, processOnce, RedisEventStream, type OutboxTables, type StreamEvent } from "@bookstore/platform/outbox";
import { eventually, hasRedis, servicesRequired, startRedis, type TestServer } from "@bookstore/platform/testing";
import { startBookstore, type ApiClient, type TestBookstore } from "../support/bookstore.js";

interface ConsumerDb extends OutboxTables {
  paid_orders: { order_id: string; times: number | bigint };
}

const logger = createLogger({ level: "silent", name: "order-events-test" });

// order.paid / order.cancelled leave the order service through its outbox and the Redis stream (rt.stream with
// REDIS_URL); an idempotent consumer (processOnce) in another process applies each paid order exactly once.
describe.runIf(hasRedis() || servicesRequired)("order events through the outbox and Redis Streams", () => {
  let redis: TestServer;
  let bs: TestBookstore;
  let consumerDir: string;
  let consumerDb: Database<ConsumerDb>;
  const streams: RedisEventStream[] = [];
  const stops: (() => Promise<void>)[] = [];
  const delivered: StreamEvent[] = [];
  const cancelled: StreamEvent[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    bs = await startBookstore({ env: { REDIS_URL: redis.url } });
    consumerDir = mkdtempSync(join(tmpdir(), "order-events-consumer-"));
    consumerDb = await openDatabase<ConsumerDb>({
      service: "consumer",
      config: { dialect: "sqlite", url: "", databasePrefix: "", poolSize: 1 },
      dataDir: consumerDir,
      logger,
      migrations: () => ({
        "0001-outbox": outboxMigration(),
        "0002-paid": {
          up: (db) => db.schema.createTable("paid_orders").addColumn("order_id", "varchar(32)", (c) => c.primaryKey()).addColumn("times", "integer", (c) => c.notNull()).execute(),
        },
      }),
    });
    const stream = new RedisEventStream(redis.url, logger, { blockMs: 100, claimIdleMs: 1_000 });
    streams.push(stream);
    stops.push(
      stream.consume("order.paid", "e2e-ledger", async (e) => {
        delivered.push(e);
        const { orderId } = JSON.parse(e.payload) as { orderId: string };
        await processOnce(consumerDb.db, "e2e-ledger", e.id, Date.now(), async (trx) => {
          await trx
            .insertInto("paid_orders")
            .values({ order_id: orderId, times: 1 })
            .onConflict((oc) => oc.column("order_id").doUpdateSet({ times: sql`times + 1` }))
            .execute();
        });
      }),
      stream.consume("order.cancelled", "e2e-ledger", async (e) => void cancelled.push(e)),
    );
  }, 120_000);

  afterAll(async () => {
    for (const stop of stops) await stop();
    for (const s of streams) await s.close();
    await bs?.close();
    await consumerDb?.close();
    if (consumerDir) rmSync(consumerDir, { recursive: true, force: true });
    await redis?.stop();
  });

  const timesPaid = async (orderId: string) => {
    const row = await consumerDb.db.selectFrom("paid_orders").select("times").where("order_id", "=", orderId).executeTakeFirst();
    return row && Number(row.times);
  };

  async function placeAndPay(buyer: ApiClient, bookId: string): Promise<string> {
    const placed = await buyer.post("/api/v1/orders", { items: [{ bookId, quantity: 1 }] }, { "Idempotency-Key": randomUUID() });
    expect(placed.status, placed.text).toBe(201);
    const id = String(placed.json.id);
    expect((await buyer.post(`/api/v1/orders/${id}/pay`)).status).toBe(202);
    await eventually(async () => expect((await buyer.get(`/api/v1/orders/${id}`)).json.status).toBe("paid"), { timeoutMs: 3_000 });
    return id;
  }

  it("delivers order.paid once per paid order with the agreed payload, and a redelivery changes nothing", async () => {
    const buyer = await bs.newCustomer();
    const books = (await bs.request("GET", "/api/v1/books?page=1&size=3")).json.items as { id: string }[];
    const ids: string[] = [];
    for (const b of books) ids.push(await placeAndPay(buyer, b.id));

    await eventually(async () => {
      for (const id of ids) expect(await timesPaid(id)).toBe(1);
    }, { timeoutMs: 5_000 });
    const mine = delivered.filter((e) => ids.includes(e.key));
    expect(mine).toHaveLength(3);
    const first = mine[0];
    if (!first) throw new Error("no event");
    const payload = JSON.parse(first.payload) as Record<string, unknown>;
    expect(Object.keys(payload).sort()).toEqual(["items", "orderId", "paidAtMs", "userId"]);
    expect(payload).toMatchObject({ orderId: first.key, userId: buyer.userId, items: [{ bookId: expect.any(String), quantity: 1 }] });
    expect(typeof payload["paidAtMs"]).toBe("number");

    // At least once: the relay republishes after a crash between append and mark; the consumer skips the copy.
    const writer = new RedisEventStream(redis.url, logger);
    streams.push(writer);
    await writer.append(first);
    await eventually(() => expect(delivered.filter((e) => e.id === first.id)).toHaveLength(2), { timeoutMs: 5_000 });
    expect(await timesPaid(first.key)).toBe(1);
    for (const id of ids) expect(await timesPaid(id)).toBe(1);
  });

  it("publishes order.cancelled with its reason when the owner cancels", async () => {
    const buyer = await bs.newCustomer();
    const [book] = (await bs.request("GET", "/api/v1/books?page=2&size=1")).json.items as { id: string }[];
    const placed = await buyer.post("/api/v1/orders", { items: [{ bookId: book?.id, quantity: 1 }] }, { "Idempotency-Key": randomUUID() });
    expect(placed.status, placed.text).toBe(201);
    expect((await buyer.post(`/api/v1/orders/${placed.json.id}/cancel`)).status).toBe(200);
    await eventually(() => expect(cancelled.map((e) => e.key)).toContain(String(placed.json.id)), { timeoutMs: 5_000 });
    const event = cancelled.find((e) => e.key === String(placed.json.id));
    expect(JSON.parse(event?.payload ?? "{}")).toEqual({ orderId: String(placed.json.id), userId: buyer.userId, reason: "cancelled_by_user" });
    expect(delivered.map((e) => e.key)).not.toContain(String(placed.json.id));
  });
});
