import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { loadConfig } from "@bookstore/platform/config";
import { RedisEventBus } from "@bookstore/platform/events";
import { openRedis } from "@bookstore/platform/kv";
import { createLogger } from "@bookstore/platform/logger";
import { createMetrics } from "@bookstore/platform/metrics";
import { callerHeaders, InProcessTransports } from "@bookstore/platform/rpc";
import { eventually, redisAvailable, startRedis, type TestServer } from "@bookstore/platform/testing";
import { buildGateway } from "@bookstore/gateway/app";
import { createServiceClients } from "@bookstore/gateway/clients";
import { request, startBookstore, type ApiClient, type TestBookstore } from "../support/bookstore.js";

// The gateway's two-level cache for GET /books/{id}: writes show at once, unknown ids cost one catalog call,
// concurrent misses share one load, and (with Redis) gateways share L2 and invalidate each other.

const JWT_SECRET = "book-cache-e2e-secret-0123456789abcdef0123456789";

/** Sum of a Prometheus series over every label set that includes `labels`. */
async function metric(baseUrl: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  let sum = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return sum;
}

/** Catalog GetBook RPCs answered in the process behind `baseUrl` (the cache's loader calls it once per load). */
const getBookCalls = (baseUrl: string) =>
  metric(baseUrl, "rpc_server_duration_seconds_count", { service: "catalog", method: "GetBook" });

function isbn13(): string {
  const body = `979${String(randomInt(0, 1_000_000_000)).padStart(9, "0")}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return body + String((10 - (sum % 10)) % 10);
}

/** The running services behind a fresh in-process router (what a second gateway or the listing engine reaches). */
function servicesOf(bs: TestBookstore, name: string): InProcessTransports {
  const logger = createLogger({ level: "warn", name });
  const transports = new InProcessTransports(logger, createMetrics({ defaultLabels: { process: name } }));
  for (const s of bs.running.services) transports.register(s.name, (router) => s.routes(router));
  return transports;
}

async function someBookId(bs: TestBookstore, index: number): Promise<string> {
  const res = await bs.request("GET", `/api/v1/books?size=1&page=${index}`);
  return String(res.json.items[0].id);
}

describe("book detail cache (embedded)", () => {
  let bs: TestBookstore;
  let editor: ApiClient;
  beforeAll(async () => {
    bs = await startBookstore();
    editor = await bs.login("editor");
  }, 120_000);
  afterAll(async () => {
    await bs?.close();
  });

  it("answers the second read from L1, and shows a PATCHed title on the very next read", async () => {
    const id = await someBookId(bs, 3);
    const calls = await getBookCalls(bs.baseUrl);
    const hits = await metric(bs.baseUrl, "cache_hits_total", { cache: "book-detail", level: "l1" });
    const first = await bs.request("GET", `/api/v1/books/${id}`);
    const second = await bs.request("GET", `/api/v1/books/${id}`);
    expect(second.text).toBe(first.text);
    expect(await getBookCalls(bs.baseUrl)).toBe(calls + 1);
    expect(await metric(bs.baseUrl, "cache_hits_total", { cache: "book-detail", level: "l1" })).toBe(hits + 1);

    const title = `Cached then renamed ${Date.now()}`;
    expect((await editor.patch(`/api/v1/books/${id}`, { title })).status).toBe(200);
    const after = await bs.request("GET", `/api/v1/books/${id}`);
    expect(after.json).toMatchObject({ id, title });

    const stocked = await editor.put(`/api/v1/books/${id}/stock`, { available: 0 });
    expect(stocked.status, stocked.text).toBe(200);
    expect((await bs.request("GET", `/api/v1/books/${id}`)).json.stockStatus).toBe("out_of_stock");
  });

  it("answers an unknown id 404 twice with one catalog call (the miss is remembered)", async () => {
    const unknown = "987654321098765432";
    const calls = await getBookCalls(bs.baseUrl);
    const negative = await metric(bs.baseUrl, "cache_negative_hits_total", { cache: "book-detail" });
    const first = await bs.request("GET", `/api/v1/books/${unknown}`);
    expect(await getBookCalls(bs.baseUrl)).toBe(calls + 1);
    const second = await bs.request("GET", `/api/v1/books/${unknown}`);
    expect(await getBookCalls(bs.baseUrl)).toBe(calls + 1);
    for (const res of [first, second]) {
      expect(res.status).toBe(404);
      expect(res.json.error).toMatchObject({ code: "NOT_FOUND", message: "book not found", details: { id: unknown } });
    }
    expect(await metric(bs.baseUrl, "cache_negative_hits_total", { cache: "book-detail" })).toBe(negative + 1);
  });

  it("a deleted book is 404 at once, even though its detail was cached", async () => {
    const created = await editor.post("/api/v1/books", {
      isbn: isbn13(),
      title: "Cached then deleted",
      authors: ["E2E"],
      publisher: "Test",
      language: "en",
      categoryId: (await bs.request("GET", "/api/v1/books?size=1")).json.items[0].categoryId,
      priceCents: 1000,
    });
    expect(created.status, created.text).toBe(201);
    const id = String(created.json.id);
    expect((await bs.request("GET", `/api/v1/books/${id}`)).status).toBe(200);
    expect((await editor.delete(`/api/v1/books/${id}`)).status).toBe(204);
    expect((await bs.request("GET", `/api/v1/books/${id}`)).status).toBe(404);
  });

  it("serves a cold burst of 50 concurrent reads of one book with one catalog load", async () => {
    const id = await someBookId(bs, 7);
    const calls = await getBookCalls(bs.baseUrl);
    const burst = await Promise.all(Array.from({ length: 50 }, () => bs.request("GET", `/api/v1/books/${id}`)));
    expect(burst.every((r) => r.status === 200 && r.text === burst[0]?.text)).toBe(true);
    expect(await getBookCalls(bs.baseUrl)).toBe(calls + 1);
  });
});

/** A second gateway (its own L1, metrics and Redis event bus connection) over the same services and Redis. */
async function secondGateway(bs: TestBookstore, redisUrl: string): Promise<{ url: string; app: FastifyInstance; close(): Promise<void> }> {
  const config = loadConfig({ env: { BOOKSTORE_LOG_LEVEL: "warn", REDIS_URL: redisUrl, BOOKSTORE_AUTH__JWT_SECRET: JWT_SECRET, BOOKSTORE_HOST: "127.0.0.1" } });
  const logger = createLogger({ level: "warn", name: "gateway-2" });
  const metrics = createMetrics({ defaultLabels: { process: "gateway-2" } });
  const transports = new InProcessTransports(logger, metrics);
  for (const s of bs.running.services) transports.register(s.name, (router) => s.routes(router));
  const events = new RedisEventBus(redisUrl);
  const redis = await openRedis(redisUrl, "redis:gateway-2");
  const app = await buildGateway({
    clients: createServiceClients((s) => transports.transportFor(s)),
    config,
    logger,
    metrics,
    events,
    redis: redis.client,
    ready: () => Promise.resolve({}),
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    close: async () => {
      await app.close();
      await redis.close();
      await events.close();
    },
  };
}

describe.runIf(redisAvailable)("book detail cache across gateways (Redis L2 and pub/sub)", () => {
  let redis: TestServer;
  let bs: TestBookstore;
  let other: Awaited<ReturnType<typeof secondGateway>>;
  let editor: ApiClient;
  let publisher: RedisEventBus;
  beforeAll(async () => {
    redis = await startRedis();
    bs = await startBookstore({ env: { REDIS_URL: redis.url, BOOKSTORE_AUTH__JWT_SECRET: JWT_SECRET } });
    other = await secondGateway(bs, redis.url);
    editor = await bs.login("editor");
    publisher = new RedisEventBus(redis.url);
  }, 120_000);
  afterAll(async () => {
    await publisher?.close();
    await other?.close();
    await bs?.close();
    await redis?.stop();
  });

  const loads = async () => (await getBookCalls(bs.baseUrl)) + (await getBookCalls(other.url));

  it("serves the second gateway from L2, and a PATCH through one gateway shows on the other", async () => {
    const id = await someBookId(bs, 4);
    const before = await loads();
    const first = await bs.request("GET", `/api/v1/books/${id}`);
    const fromL2 = await request(other.url, "GET", `/api/v1/books/${id}`);
    expect(fromL2.text).toBe(first.text);
    expect(await loads()).toBe(before + 1);
    expect(await metric(other.url, "cache_hits_total", { cache: "book-detail", level: "l2" })).toBeGreaterThanOrEqual(1);

    const title = `Renamed across gateways ${Date.now()}`;
    expect((await editor.patch(`/api/v1/books/${id}`, { title })).status).toBe(200);
    expect((await bs.request("GET", `/api/v1/books/${id}`)).json.title).toBe(title);
    // The other gateway's L1 entry is dropped by the pub/sub message (milliseconds; L2 was deleted already).
    await eventually(async () => expect((await request(other.url, "GET", `/api/v1/books/${id}`)).json.title).toBe(title));
  });

  it("remembers an unknown id for both gateways: one catalog call for 404s on each", async () => {
    const unknown = "987654321098765433";
    const before = await loads();
    expect((await bs.request("GET", `/api/v1/books/${unknown}`)).status).toBe(404);
    expect((await request(other.url, "GET", `/api/v1/books/${unknown}`)).status).toBe(404);
    expect((await request(other.url, "GET", `/api/v1/books/${unknown}`)).status).toBe(404);
    expect(await loads()).toBe(before + 1);
  });

  it("drops books named in a book.listed event on every gateway", async () => {
    const id = await someBookId(bs, 5);
    const listing = servicesOf(bs, "listing-engine");
    const catalog = createServiceClients((s) => listing.transportFor(s)).catalog;
    const cached = [await bs.request("GET", `/api/v1/books/${id}`), await request(other.url, "GET", `/api/v1/books/${id}`)];
    const status = cached[0]?.json.stockStatus;
    expect(status).not.toBe("out_of_stock");
    expect(cached[1]?.json.stockStatus).toBe(status);

    // What the listing engine does: change the stock in the catalog (not through a gateway), then announce it.
    const admin = { headers: callerHeaders({ userId: "1", role: "admin", permissions: ["*"] }) };
    await catalog.setStock({ bookId: id, available: 0 }, admin);
    expect((await bs.request("GET", `/api/v1/books/${id}`)).json.stockStatus).toBe(status); // still cached
    await publisher.publish("book.listed", JSON.stringify({ bookIds: [id] }));
    await eventually(async () => {
      expect((await bs.request("GET", `/api/v1/books/${id}`)).json.stockStatus).toBe("out_of_stock");
      expect((await request(other.url, "GET", `/api/v1/books/${id}`)).json.stockStatus).toBe("out_of_stock");
    });
  });
});
