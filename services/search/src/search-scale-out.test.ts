import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type Client } from "@connectrpc/connect";
import { CatalogService } from "@bookstore/contracts/catalog/v1/catalog";
import { SearchService } from "@bookstore/contracts/search/v1/search";
import { buildCatalogService } from "@bookstore/catalog/main";
import { systemClock } from "@bookstore/platform/clock";
import { loadConfig, type Config } from "@bookstore/platform/config";
import { InProcessEventBus } from "@bookstore/platform/events";
import { Snowflake } from "@bookstore/platform/ids";
import { createLogger } from "@bookstore/platform/logger";
import { createMetrics, type Metrics } from "@bookstore/platform/metrics";
import { RedisEventStream } from "@bookstore/platform/outbox";
import { callerHeaders, InProcessTransports } from "@bookstore/platform/rpc";
import type { Runtime, ServiceHandle } from "@bookstore/platform/runtime";
import { eventually, redisAvailable, useTestRedis } from "@bookstore/platform/testing";
import { buildSearchService } from "./main.js";

const logger = createLogger({ level: "silent", name: "scale-out-test" });
const ADMIN = { headers: callerHeaders({ userId: "1", role: "admin", permissions: ["*"] }) };
const BURST = 1_000;

/** One search process: its own config (data dir), runtime, Redis stream connections, metrics and client. */
interface SearchInstance {
  handle: ServiceHandle;
  metrics: Metrics;
  search: Client<typeof SearchService>;
  close(): Promise<void>;
}

/**
 * Two search instances, each as `bookstore serve search` builds it, against one real catalog service, with catalog
 * and order events on Redis Streams (real redis-server): both must see every event, so both converge.
 */
describe.skipIf(!redisAvailable)("two search instances", () => {
  const redis = useTestRedis();
  const dir = mkdtempSync(join(tmpdir(), "search-scale-out-"));
  const closing: (() => Promise<void>)[] = [];
  let config: Config;
  let catalogTransports: InProcessTransports;
  let catalog: Client<typeof CatalogService>;
  let bookIds: string[] = [];
  let workerIds = 10;

  const runtime = (cfg: Config, metrics: Metrics): Runtime & { stream: RedisEventStream } => ({
    config: cfg, logger, metrics, ids: new Snowflake(workerIds++), clock: systemClock, events: new InProcessEventBus(),
    stream: new RedisEventStream(redis.url, logger, { blockMs: 100 }), transportFor: (s) => catalogTransports.transportFor(s),
  });

  async function startSearch(name: string): Promise<SearchInstance> {
    const cfg = loadConfig({ env: { DATA_DIR: join(dir, name), REDIS_URL: redis.url, BOOKSTORE_LOG_LEVEL: "silent", BOOKSTORE_CATALOG_EVENTS__SEARCH_RESYNC_MS: "60000" } });
    const metrics = createMetrics();
    const rt = runtime(cfg, metrics);
    const handle = await buildSearchService(cfg, rt);
    const transports = new InProcessTransports(logger, metrics);
    transports.register("search", (router) => handle.routes(router));
    await handle.start();
    const close = async () => {
      await handle.close();
      await rt.stream.close();
    };
    return { handle, metrics, search: createClient(SearchService, transports.transportFor("search")), close };
  }

  const applied = async (instance: SearchInstance) =>
    (await instance.metrics.registry.getSingleMetric("search_index_changes_applied_total")?.get())?.values[0]?.value ?? 0;
  const ids = async (instance: SearchInstance, q: string) =>
    (await instance.search.search({ q, size: 100 })).hits.map((h) => h.bookId).sort();
  const total = async (instance: SearchInstance, q: string) => (await instance.search.search({ q, size: 1 })).total;

  beforeAll(async () => {
    config = loadConfig({ env: { DATA_DIR: join(dir, "catalog"), BOOKSTORE_LOG_LEVEL: "silent", BOOKSTORE_CATALOG_EVENTS__RELAY_INTERVAL_MS: "50" } });
    const metrics = createMetrics();
    catalogTransports = new InProcessTransports(logger, metrics);
    const rt = runtime(config, metrics);
    const handle = await buildCatalogService(config, rt);
    catalogTransports.register("catalog", (router) => handle.routes(router));
    await handle.seed({ demo: true });
    await handle.start();
    closing.push(async () => {
      await handle.close();
      await rt.stream.close();
    });
    catalog = createClient(CatalogService, catalogTransports.transportFor("catalog"));
    bookIds = (await catalog.listBooks({ page: 1, size: 100 }, ADMIN)).books.map((b) => b.id);
  });
  afterAll(async () => {
    for (const close of closing.reverse()) await close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Retitles books round-robin with a marker word per round; the last round each book got is in its title. */
  async function burst(round: string, updates: number, books = bookIds): Promise<void> {
    const work = Array.from({ length: updates }, (_, i) => i);
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = work.shift(); i !== undefined; i = work.shift()) {
          const id = books[i % books.length] ?? "";
          await catalog.updateBook({ id, title: `Burst ${round} book${i % books.length} zqed${Math.floor(i / books.length)}` }, ADMIN);
        }
      }),
    );
  }

  it(`both converge after a burst of ${BURST} catalog updates, each on its own consumer group`, async () => {
    const a = await startSearch("a");
    const b = await startSearch("b");
    closing.push(a.close, b.close);
    await eventually(async () => expect(await total(b, "")).toBe(await total(a, "")), { timeoutMs: 10_000 });
    expect(await total(a, "")).toBeGreaterThanOrEqual(200);

    await burst("zqalpha", BURST, bookIds); // 100 books, 10 edits each: the last edition is the one to find
    for (const instance of [a, b])
      await eventually(async () => {
        expect(await total(instance, "zqalpha")).toBe(bookIds.length);
        expect(await total(instance, "zqed9")).toBe(bookIds.length);
        expect(await total(instance, "zqed8")).toBe(0);
      }, { timeoutMs: 15_000 });
    for (const q of ["zqalpha", "zqed9", "计算机", "jisuanji", "余华", ""]) expect(await ids(b, q), q).toEqual(await ids(a, q));

    // Every instance consumed every event: each has its own group on the catalog's streams.
    const groups = (await redis.redis.client.xinfo("GROUPS", RedisEventStream.keyOf("book.updated"))) as unknown[][];
    const searchGroups = groups.map((g) => String(g[1])).filter((name) => name.startsWith("search-"));
    expect(new Set(searchGroups).size).toBe(2);

    // An order paid once reaches both (order.paid as the order outbox relays it): bestselling agrees.
    const sold = bookIds[7] ?? "";
    const stream = new RedisEventStream(redis.url, logger);
    await stream.append({
      id: "777", topic: "order.paid", key: "9001",
      payload: JSON.stringify({ orderId: "9001", userId: "5", items: [{ bookId: sold, quantity: 3 }], paidAtMs: Date.now() }),
    });
    await stream.close();
    for (const instance of [a, b])
      await eventually(async () => expect((await instance.search.search({ q: "zqalpha", sort: "bestselling", size: 1 })).hits[0]?.bookId).toBe(sold));
  });

  it("a restarted instance loads its snapshot, applies only what changed while it was down, and converges", async () => {
    const [a, b] = await Promise.all([startSearch("a2"), startSearch("b2")]);
    closing.push(a.close);
    await eventually(async () => expect(await total(b, "zqalpha")).toBe(bookIds.length), { timeoutMs: 10_000 });
    const everyBook = await total(b, "");
    await b.close(); // saves its snapshot

    const changedMeanwhile = bookIds.slice(0, 20);
    await burst("zqbeta", changedMeanwhile.length, changedMeanwhile);
    await eventually(async () => expect(await total(a, "zqbeta")).toBe(changedMeanwhile.length), { timeoutMs: 10_000 });

    const again = await startSearch("b2");
    closing.push(again.close);
    // Served from the snapshot before the feed is read again...
    expect(await total(again, "")).toBe(everyBook);
    // ...then only the books changed since its cursor are applied, not the whole catalogue.
    await eventually(async () => expect(await total(again, "zqbeta")).toBe(changedMeanwhile.length), { timeoutMs: 10_000 });
    expect(await applied(again)).toBeGreaterThanOrEqual(changedMeanwhile.length);
    expect(await applied(again)).toBeLessThan(everyBook / 2);
    for (const q of ["zqalpha", "zqbeta", "zqed9", "计算机"]) expect(await ids(again, q), q).toEqual(await ids(a, q));
  });
});
