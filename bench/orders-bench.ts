// bench:orders — the bookstore on MariaDB + Redis, started twice from the same build in this run:
//   "replica": every service's database on a MariaDB primary with a replica (lag-aware read routing),
//   "primary": the same primary server only (another database prefix).
// 1. Order placement with the saga (pending order + saga log → reserve stock → saga completed), by many customers
//    at once, each order a fresh Idempotency-Key: throughput, p50/p99 and the answers, on both setups.
// 2. The cost of lag-aware routing: the same read mix (GET /books?page, GET /books/{id}, GET /orders of many
//    customers) against both, in back-to-back pairs of rounds (alternating which goes first); printed as the median
//    of per-pair rps ratios replica/primary (target ≥ 0.95), with the share of reads the router actually sent to the
//    replica (from /metrics) and the bookstore's CPU per read.
// Once everything has started, the bookstores are pinned to CPU 0 and this load generator to CPU 1 (when
// `taskset` exists); mariadbd and redis-server are not pinned.
// Customers: access tokens signed with the run's auth.jwtSecret for distinct ids (see bench/seckill-bench.ts).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import {
  eventually,
  freePort,
  startRedis,
  startReplicatedMariadb,
  type ReplicatedMariadb,
  type TestServer,
} from "@bookstore/platform/testing";
import { JwtAccessTokenIssuer } from "../services/user/src/security/jwt-access-token-issuer.js";

const ROUNDS = Number(process.env["ROUNDS"] ?? 4);
const SECONDS = Number(process.env["SECONDS"] ?? 4);
const ORDER_SECONDS = Number(process.env["ORDER_SECONDS"] ?? 6);
const CONNECTIONS = Number(process.env["CONNECTIONS"] ?? 32);
const CUSTOMERS = Number(process.env["CUSTOMERS"] ?? 64);
const BOOKS = 20;
const TARGET = 0.95;
const hasTaskset = spawnSync("taskset", ["-c", "1", "true"]).status === 0;
const root = join(import.meta.dirname, "..");

type Request = autocannon.Request;

interface Bookstore {
  name: "replica" | "primary";
  url: string;
  child: ChildProcess;
}

interface Measured {
  target: string;
  rps: number;
  p50: number;
  p99: number;
  /** The bookstore process's CPU (user + sys) per request. */
  cpuUsPerRequest: number;
  codes: Record<string, number>;
  errors: number;
}

async function startBookstore(name: Bookstore["name"], env: Record<string, string>): Promise<Bookstore> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, "apps/bookstore/bin/bookstore.mjs"), "start"], {
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      BOOKSTORE_HOST: "127.0.0.1",
      BOOKSTORE_LOG_LEVEL: "warn",
      BOOKSTORE_SEED_DEMO: "true",
      // One load generator stands in for many clients: limits stay on but never trip.
      BOOKSTORE_RATE_LIMIT__PER_IP_PER_MINUTE: "100000000",
      BOOKSTORE_RATE_LIMIT__PER_USER_PER_MINUTE: "100000000",
      BOOKSTORE_RATE_LIMIT__AUTH_PER_IP_PER_MINUTE: "100000000",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`bookstore ${name} exited with ${child.exitCode}`);
      const res = await fetch(`${url}/readyz`);
      if (!res.ok) throw new Error(String(res.status));
    },
    { timeoutMs: 120_000, intervalMs: 250 },
  );
  return { name, url, child };
}

async function api<T>(url: string, method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** utime + stime of a process in µs, from /proc (Linux); NaN elsewhere. */
function cpuUs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100; // utime, stime in USER_HZ (100)
  } catch {
    return Number.NaN;
  }
}

async function measure(target: string, store: Bookstore, requests: Request[], seconds: number): Promise<Measured> {
  const cpuBefore = cpuUs(store.child.pid);
  const r = await autocannon({ url: store.url, connections: CONNECTIONS, duration: seconds, requests });
  const codes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(r.statusCodeStats ?? {})) codes[code] = stat.count ?? 0;
  return {
    target,
    rps: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    cpuUsPerRequest: (cpuUs(store.child.pid) - cpuBefore) / r.requests.total,
    codes,
    errors: r.errors,
  };
}

/** Reads routed per target, summed over every service database, from the bookstore's /metrics. */
async function routedReads(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^db_reads_routed_total\{[^}]*target="([^"]+)"[^}]*\} ([\d.e+]+)$/gm)) {
    const target = m[1] ?? "?";
    out[target] = (out[target] ?? 0) + Number(m[2]);
  }
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

function shuffled<T>(xs: T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const line = (m: Measured) =>
  `${m.target.padEnd(16)} ${m.rps.toFixed(0).padStart(6)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms  ` +
  `cpu ${m.cpuUsPerRequest.toFixed(0)} µs/req  answers ${JSON.stringify(m.codes)}${m.errors ? `  errors ${m.errors}` : ""}`;

/** Orders of one line each: a random in-stock book, the next customer, a fresh Idempotency-Key. */
function placementRequests(customers: string[], books: string[]): Request[] {
  let n = 0;
  return [
    {
      method: "POST",
      path: "/api/v1/orders",
      setupRequest: (req: Request) => ({
        ...req,
        headers: {
          authorization: `Bearer ${customers[n++ % customers.length] ?? ""}`,
          "content-type": "application/json",
          "idempotency-key": `bench-${randomUUID()}`,
        },
        body: JSON.stringify({ items: [{ bookId: books[Math.floor(Math.random() * BOOKS)] ?? "", quantity: 1 }] }),
      }),
    },
  ];
}

function readMix(customers: string[], books: string[]): Request[] {
  const requests: Request[] = [];
  for (let page = 1; page <= 10; page++) requests.push({ method: "GET", path: `/api/v1/books?page=${page}&size=20` });
  for (const id of books.slice(0, 10)) requests.push({ method: "GET", path: `/api/v1/books/${id}` });
  for (const token of customers.slice(0, 10))
    requests.push({
      method: "GET",
      path: "/api/v1/orders?page=1&size=10",
      headers: { authorization: `Bearer ${token}` },
    });
  return shuffled(requests);
}

async function main(): Promise<void> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), "bookstore-orders-bench-"));
  const jwtSecret = randomBytes(32).toString("hex");
  let servers: ReplicatedMariadb | undefined;
  const redis: TestServer[] = [];
  const stores: Bookstore[] = [];
  let failed = false;
  try {
    servers = await startReplicatedMariadb();
    redis.push(await startRedis(), await startRedis());
    const common = { DATABASE_URL: servers.primary.url, BOOKSTORE_AUTH__JWT_SECRET: jwtSecret };
    const replicaUrls = JSON.stringify([servers.replica.url]);
    stores.push(
      ...(await Promise.all([
        startBookstore("replica", {
          ...common,
          DATA_DIR: join(dir, "replica"),
          REDIS_URL: redis[0]?.url ?? "",
          BOOKSTORE_DATABASE__DATABASE_PREFIX: "br_",
          BOOKSTORE_DATABASE__REPLICA_URLS: replicaUrls,
        }),
        startBookstore("primary", {
          ...common,
          DATA_DIR: join(dir, "primary"),
          REDIS_URL: redis[1]?.url ?? "",
          BOOKSTORE_DATABASE__DATABASE_PREFIX: "bp_",
        }),
      ])),
    );
    if (hasTaskset) {
      for (const s of stores) spawnSync("taskset", ["-a", "-cp", "0", String(s.child.pid)], { stdio: "ignore" });
      spawnSync("taskset", ["-a", "-cp", "1", String(process.pid)], { stdio: "ignore" });
    }

    const issuer = new JwtAccessTokenIssuer(jwtSecret, 3_600);
    const customers = await Promise.all(
      Array.from({ length: CUSTOMERS }, async (_, i) => {
        const userId = String(8_700_000_000_000_000_000n + BigInt(i));
        return (await issuer.issue({ userId, role: "customer", permissions: [] }, new Date())).token;
      }),
    );
    // Both seed the same demo catalogue under different ids: each setup gets its own request lists.
    const setups = await Promise.all(
      stores.map(async (store) => {
        const login = { username: "admin", password: "bookstore-admin" };
        const admin = (await api<{ accessToken: string }>(store.url, "POST", "/api/v1/auth/login", undefined, login))
          .accessToken;
        const books = (await api<{ items: { id: string }[] }>(store.url, "GET", "/api/v1/books?page=1&size=100")).items;
        for (const b of books.slice(0, BOOKS))
          await api(store.url, "PUT", `/api/v1/books/${b.id}/stock`, admin, { available: 1_000_000 });
        return { store, books: books.map((b) => b.id) };
      }),
    );
    console.log(
      `# bench:orders ${new Date().toISOString()} node ${process.version}; MariaDB primary+replica, Redis; ` +
        `${CUSTOMERS} customers, ${CONNECTIONS} connections; placement ${ORDER_SECONDS}s per setup; reads ` +
        `${ROUNDS} pairs x ${SECONDS}s; pinned=${hasTaskset}; setup ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const placement: Measured[] = [];
    for (const { store, books } of setups)
      placement.push(await measure(`place (${store.name})`, store, placementRequests(customers, books), ORDER_SECONDS));
    for (const m of placement) console.log(line(m));

    // Customers' own reads go to the primary for readYourWritesMs (2 s) after their last order: the warm-up
    // rounds outlast that window, so the measured rounds see the steady state.
    const mix = setups.map(({ store, books }) => ({ store, requests: readMix(customers, books) }));
    for (const { store, requests } of mix) await measure("warmup", store, requests, 2);
    const routedBefore = await routedReads(setups[0]?.store.url ?? "");
    const reads: Measured[] = [];
    for (let i = 0; i < ROUNDS; i++)
      for (const { store, requests } of i % 2 === 0 ? mix : [...mix].reverse())
        reads.push(await measure(`reads (${store.name})`, store, requests, SECONDS));
    const routedAfter = await routedReads(setups[0]?.store.url ?? "");
    for (const m of reads) console.log(line(m));

    const of = (name: string, pick: (m: Measured) => number) =>
      reads.filter((m) => m.target === `reads (${name})`).map(pick);
    const replicaRps = of("replica", (m) => m.rps);
    const primaryRps = of("primary", (m) => m.rps);
    const perPair = replicaRps.map((r, i) => r / (primaryRps[i] ?? Number.POSITIVE_INFINITY));
    const ratio = median(perPair);
    const routed = Object.entries(routedAfter).map(([t, n]) => [t, n - (routedBefore[t] ?? 0)] as const);
    const total = routed.reduce((s, [, n]) => s + n, 0);
    const toReplica = routed.filter(([t]) => t !== "primary").reduce((s, [, n]) => s + n, 0);
    const cpuReplica = median(of("replica", (m) => m.cpuUsPerRequest));
    const cpuPrimary = median(of("primary", (m) => m.cpuUsPerRequest));

    for (const m of placement)
      console.log(
        `order placement with the saga (${m.target}): ${m.rps.toFixed(0)} orders/s, p50 ${m.p50} ms, p99 ${m.p99} ms`,
      );
    console.log(
      `reads routed in the measured rounds (replica setup, all service databases): ` +
        `${routed.map(([t, n]) => `${t}=${n}`).join(", ")} → ${total ? ((100 * toReplica) / total).toFixed(1) : "0"}% to the replica`,
    );
    console.log(
      `median read rps: primary+replica ${median(replicaRps).toFixed(0)}, primary only ${median(primaryRps).toFixed(0)}; ` +
        `p99 ms ${median(of("replica", (m) => m.p99))} vs ${median(of("primary", (m) => m.p99))}`,
    );
    console.log(
      `ratio primary+replica / primary-only (median of per-pair rps ratios): ${ratio.toFixed(3)}  per pair: ` +
        `${perPair.map((x) => x.toFixed(3)).join(" ")}  target >= ${TARGET} ${ratio >= TARGET ? "MET" : "NOT MET"}`,
    );
    // What routing costs inside the bookstore (router, probes, a second pool), with less noise than rps.
    console.log(
      `bookstore cpu per read: primary+replica ${cpuReplica.toFixed(0)} µs, primary only ${cpuPrimary.toFixed(0)} µs ` +
        `→ capacity ratio ${(cpuPrimary / cpuReplica).toFixed(3)}`,
    );

    const bad = [...placement, ...reads].filter(
      (m) => m.errors > 0 || Object.keys(m.codes).some((c) => !c.startsWith("2")),
    );
    for (const m of bad) console.error(`FAIL: ${m.target} had non-2xx answers or errors: ${JSON.stringify(m.codes)}`);
    if (toReplica === 0) console.error("FAIL: no read reached the replica");
    failed = bad.length > 0 || toReplica === 0;
    console.log(
      `total ${((performance.now() - started) / 1000).toFixed(1)} s; ${failed ? "RESULT: FAIL" : "RESULT: OK"}`,
    );
  } finally {
    await Promise.all(
      stores.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.child.exitCode !== null) return resolve();
            s.child.once("exit", () => resolve());
            s.child.kill("SIGTERM");
          }),
      ),
    );
    await Promise.all(redis.map((r) => r.stop()));
    await servers?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  if (failed) process.exitCode = 1;
}

await main();
