// bench:cache — the gateway's two-level book detail cache.
// 1. Cached GET /api/v1/books/{id} on the all-in-one server (L1 in front of Redis L2 when redis-server is
//    installed) vs a bare node:http server serving the same bytes, same run, alternating rounds: ratio (target ≥ 0.85).
// 2. Coalescing: cold bursts of N concurrent requests to uncached ids → catalog GetBook calls and cache loads.
// 3. L1 vs L2 hit latency percentiles, measured in this process on a TieredCache over a throwaway redis-server.
// Servers are pinned to CPU 0 and this process (autocannon) to CPU 1 when `taskset` exists.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { RedisSharedTier, TieredCache } from "@bookstore/platform/cache";
import { notFound } from "@bookstore/platform/errors";
import { openRedis } from "@bookstore/platform/kv";
import { freePort, hasRedis, startRedis, type TestServer } from "@bookstore/platform/testing";
import { hasTaskset, pinned, pinSelf, versusBare, waitFor } from "./support/versus-bare.js";

const ROUNDS = Number(process.env["ROUNDS"] ?? 3);
const SECONDS = Number(process.env["SECONDS"] ?? 5);
const CONNECTIONS = Number(process.env["CONNECTIONS"] ?? 50);
const BURST = Number(process.env["BURST"] ?? 200);
const BURST_IDS = Number(process.env["BURST_IDS"] ?? 5);
const root = join(import.meta.dirname, "..");

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
  });
}

function percentiles(samplesNs: number[]): string {
  const s = [...samplesNs].sort((a, b) => a - b);
  const at = (q: number) => ((s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0) / 1000).toFixed(1);
  return `p50 ${at(0.5)} µs  p90 ${at(0.9)} µs  p99 ${at(0.99)} µs  max ${at(1)} µs  (n=${s.length})`;
}

/** Sum of a Prometheus series over every label set that includes `labels`. */
async function metric(baseUrl: string, name: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  let sum = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return sum;
}

async function coalescing(app: string, coldIds: string[]): Promise<void> {
  console.log(`\n## coalescing: ${BURST} concurrent GETs per uncached id`);
  for (const id of coldIds) {
    const getBook = { service: "catalog", method: "GetBook" };
    const loads = { cache: "book-detail" };
    const [calls0, loads0] = [await metric(app, "rpc_server_duration_seconds_count", getBook), await metric(app, "cache_loads_total", loads)];
    const started = performance.now();
    const statuses = await Promise.all(Array.from({ length: BURST }, async () => (await fetch(`${app}/api/v1/books/${id}`)).status));
    const ms = performance.now() - started;
    const calls = (await metric(app, "rpc_server_duration_seconds_count", getBook)) - calls0;
    const cacheLoads = (await metric(app, "cache_loads_total", loads)) - loads0;
    const ok = statuses.filter((s) => s === 200).length;
    console.log(`id ${id}: ${ok}/${BURST} ok in ${ms.toFixed(0)} ms → catalog GetBook calls ${calls}, cache loads ${cacheLoads}`);
  }
  const coalesced = await metric(app, "cache_coalesced_total", { cache: "book-detail" });
  console.log(`cache_coalesced_total (whole run): ${coalesced}`);
}

/** L1 hits are synchronous map reads; L2 hits cost a Redis round trip. Same values as the HTTP bench serves. */
async function levels(bodies: string[]): Promise<void> {
  console.log("\n## L1 vs L2 hit latency (TieredCache in this process)");
  let redis: TestServer | undefined;
  try {
    redis = await startRedis();
    const conn = await openRedis(redis.url, "bench");
    const tier = new RedisSharedTier(conn.client, "bench:");
    const common = {
      name: "bench",
      negativeTtlMs: 5_000,
      notFound: (key: string) => notFound("book", key),
      logger: pino({ level: "silent" }),
    };
    const load = (key: string) => Promise.resolve(bodies[Number(key) % bodies.length] ?? "{}");
    const keys = bodies.map((_, i) => String(i));
    const warm = new TieredCache<void>({ ...common, load, l1: { maxEntries: 10_000, ttlMs: 600_000 }, l2: { tier, ttlMs: 600_000 } });
    for (const k of keys) await warm.get(k); // fills L1 here and L2 in Redis

    const l1: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      const k = keys[i % keys.length] ?? "0";
      const t = process.hrtime.bigint();
      warm.peek(k);
      l1.push(Number(process.hrtime.bigint() - t));
    }
    const l1Async: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const t = process.hrtime.bigint();
      await warm.get(keys[i % keys.length] ?? "0");
      l1Async.push(Number(process.hrtime.bigint() - t));
    }
    // L1 off: every read goes to Redis (what a gateway sees on an L1 miss another process already loaded).
    const l2Only = new TieredCache<void>({ ...common, load, l1: { maxEntries: 10_000, ttlMs: 0 }, l2: { tier, ttlMs: 600_000 } });
    const l2: number[] = [];
    for (let i = 0; i < 5_000; i++) {
      const t = process.hrtime.bigint();
      await l2Only.get(keys[i % keys.length] ?? "0");
      l2.push(Number(process.hrtime.bigint() - t));
    }
    const avgBytes = bodies.reduce((n, b) => n + Buffer.byteLength(b), 0) / Math.max(1, bodies.length);
    console.log(`values: ${keys.length} book details, ${avgBytes.toFixed(0)} bytes on average`);
    console.log(`L1 hit, peek() (sync):  ${percentiles(l1)}`);
    console.log(`L1 hit, get() (async):  ${percentiles(l1Async)}`);
    console.log(`L2 hit, get() (Redis):  ${percentiles(l2)}`);
    console.log(`L2-only cache stats: ${JSON.stringify(l2Only.stats())}`);
    await conn.close();
  } finally {
    await redis?.stop();
  }
}

async function main(): Promise<void> {
  pinSelf();
  const dir = mkdtempSync(join(tmpdir(), "bookstore-cache-bench-"));
  const children: ChildProcess[] = [];
  let appRedis: TestServer | undefined;
  try {
    appRedis = hasRedis() ? await startRedis() : undefined;
    const appPort = await freePort();
    children.push(
      pinned(process.execPath, [join(root, "apps/bookstore/bin/bookstore.mjs"), "start"], {
        PORT: String(appPort),
        DATA_DIR: join(dir, "data"),
        BOOKSTORE_LOG_LEVEL: "warn",
        BOOKSTORE_CACHE__BOOK_TTL_MS: "60000",
        // One load generator stands in for many clients: limits stay on (their cost is measured) but never trip.
        BOOKSTORE_RATE_LIMIT__PER_IP_PER_MINUTE: "100000000", BOOKSTORE_RATE_LIMIT__PER_USER_PER_MINUTE: "100000000", BOOKSTORE_RATE_LIMIT__AUTH_PER_IP_PER_MINUTE: "100000000",
        BOOKSTORE_CACHE__L2_TTL_MS: "60000",
        ...(appRedis ? { REDIS_URL: appRedis.url } : {}),
      }),
    );
    const app = `http://127.0.0.1:${appPort}`;
    await waitFor(`${app}/api/v1/books?size=1`);
    const list = (await (await fetch(`${app}/api/v1/books?size=100`)).json()) as { items: { id: string }[] };
    const cold = (await (await fetch(`${app}/api/v1/books?size=${BURST_IDS}&page=${Math.floor(100 / BURST_IDS) + 1}`)).json()) as { items: { id: string }[] };
    const paths = list.items.map((b) => `/api/v1/books/${b.id}`);
    const bodies: Record<string, unknown> = {};
    const texts: string[] = [];
    for (const b of list.items) {
      const text = await (await fetch(`${app}/api/v1/books/${b.id}`)).text(); // warms the cache
      texts.push(text);
      bodies[b.id] = JSON.parse(text);
    }
    writeFileSync(join(dir, "books.json"), JSON.stringify(bodies));

    const basePort = await freePort();
    children.push(pinned(process.execPath, [join(root, "bench/baseline-server.mjs")], { PORT: String(basePort), BOOKS_FILE: join(dir, "books.json") }));
    const base = `http://127.0.0.1:${basePort}`;
    await waitFor(`${base}${paths[0] ?? ""}`);

    console.log(`# bench:cache ${new Date().toISOString()} node ${process.version}; cache L1${appRedis ? " + Redis L2" : " only (no redis-server)"}`);
    console.log(`## cached GET /books/{id}: ${ROUNDS} rounds x ${SECONDS}s, ${CONNECTIONS} connections, ${paths.length} ids; pinned=${hasTaskset}`);
    await versusBare({ url: app, pid: children[0]?.pid }, { url: base, pid: children[1]?.pid }, paths, {
      rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, target: 0.85,
    });
    await coalescing(app, cold.items.map((b) => b.id));
    if (hasRedis()) await levels(texts);
    else console.log("\n## L1 vs L2: skipped (redis-server not installed)");
  } finally {
    // The app closes its Redis connections on SIGTERM, so Redis stops only after the app has exited.
    await Promise.all(children.map((c) => stopChild(c)));
    await appRedis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
