// bench:seckill — 10,000 purchase attempts by 10,000 distinct customers on one flash sale of 1,000 units, against
// the all-in-one bookstore started in this process (embedded profile: SQLite, conditional-UPDATE gate).
// Prints throughput, p50/p99 latency, accepted count, orders created (must be exactly 1,000) and the catalog stock
// (never below 0, sampled during the burst). Exits 1 when an invariant breaks.
//
// Customers: registering 10,000 accounts would cost 10,000 argon2id hashes (minutes on two cores) and hit the
// register rate limit, so the bench signs access tokens for 10,000 distinct customer ids with the user service's own
// JwtAccessTokenIssuer and this run's auth.jwtSecret; the gateway verifies them exactly like login-issued ones.
import { Agent, createServer, request } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "@bookstore/platform/config";
import { eventually, freePort } from "@bookstore/platform/testing";
import { startAllInOne } from "../apps/bookstore/src/all-in-one.js";
import { JwtAccessTokenIssuer } from "../services/user/src/security/jwt-access-token-issuer.js";

const ATTEMPTS = Number(process.env["ATTEMPTS"] ?? 10_000);
const UNITS = Number(process.env["UNITS"] ?? 1_000);
const SOCKETS = Number(process.env["SOCKETS"] ?? 256);

interface Reply {
  status: number;
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: SOCKETS });

function call(base: string, method: string, path: string, token: string, body?: unknown): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, {
      method, agent,
      headers: { authorization: `Bearer ${token}`, ...(payload ? { "content-type": "application/json" } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(payload);
  });
}

const json = <T>(r: Reply, what: string): T => {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.body}`);
  return JSON.parse(r.body) as T;
};
/** The same burst against a bare node:http server in this process answering 202 at once: client + loop cost only. */
async function baseline(tokens: readonly string[]): Promise<{ rps: number; p50: number; p99: number }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(202, { "content-type": "application/json" });
      res.end('{"status":"queued"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const latencies: number[] = [];
  const t = performance.now();
  await Promise.all(tokens.map(async (token) => {
    const t0 = performance.now();
    await call(base, "POST", "/api/v1/flash-sales/1/purchase", token);
    latencies.push(performance.now() - t0);
  }));
  const ms = performance.now() - t;
  await new Promise((r) => server.close(r));
  latencies.sort((a, b) => a - b);
  return { rps: tokens.length / (ms / 1000), p50: pct(latencies, 50), p99: pct(latencies, 99) };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "bookstore-seckill-"));
  const config = loadConfig({
    env: {
      PORT: String(await freePort()), DATA_DIR: dir, BOOKSTORE_HOST: "127.0.0.1", BOOKSTORE_LOG_LEVEL: "warn",
      // One load generator stands in for 10,000 buyers: limits stay on but never trip.
      BOOKSTORE_RATE_LIMIT__PER_IP_PER_MINUTE: "100000000", BOOKSTORE_RATE_LIMIT__PER_USER_PER_MINUTE: "100000000", BOOKSTORE_RATE_LIMIT__AUTH_PER_IP_PER_MINUTE: "100000000",
      BOOKSTORE_FLASH_SALES__POLL_MS: "50", BOOKSTORE_FLASH_SALES__BATCH_SIZE: "500",
    },
  });
  const started = performance.now();
  const bookstore = await startAllInOne(config);
  const base = bookstore.url;
  let failed = false;
  try {
    const login = json<{ accessToken: string }>(
      await call(base, "POST", "/api/v1/auth/login", "", { username: "admin", password: "bookstore-admin" }), "admin login");
    const admin = login.accessToken;
    const books = json<{ items: { id: string; priceCents: number }[] }>(await call(base, "GET", "/api/v1/books?size=1", ""), "books");
    const book = books.items[0];
    if (!book) throw new Error("no seeded book");
    json(await call(base, "PUT", `/api/v1/books/${book.id}/stock`, admin, { available: UNITS * 5 }), "set stock");

    const issuer = new JwtAccessTokenIssuer(config.auth.jwtSecret, 3_600);
    const tokens: string[] = [];
    for (let i = 0; i < ATTEMPTS; i++) {
      const userId = String(8_900_000_000_000_000_000n + BigInt(i));
      tokens.push((await issuer.issue({ userId, role: "customer", permissions: [] }, new Date())).token);
    }

    const tSale = performance.now();
    const sale = json<{ id: string }>(await call(base, "POST", "/api/v1/admin/flash-sales", admin, {
      bookId: book.id, priceCents: 100, quantity: UNITS,
      startsAt: new Date(Date.now() - 1_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    }), "create sale");
    const saleMs = performance.now() - tSale;
    const setupMs = performance.now() - started;

    let minAvailable = Number.POSITIVE_INFINITY;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const s = json<{ available: number; reserved: number }>(await call(base, "GET", `/api/v1/books/${book.id}/stock`, admin), "stock");
        minAvailable = Math.min(minAvailable, s.available, s.reserved);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    console.log(`# bench:seckill ${new Date().toISOString()} node ${process.version}; ${ATTEMPTS} attempts by distinct customers on ${UNITS} units, ${SOCKETS} sockets; setup ${(setupMs / 1000).toFixed(1)} s (sale creation ${saleMs.toFixed(0)} ms)`);
    const latencies: number[] = [];
    const statuses = new Map<string, number>();
    let acceptedToken = "";
    const burst = performance.now();
    await Promise.all(tokens.map(async (token) => {
      const t0 = performance.now();
      const r = await call(base, "POST", `/api/v1/flash-sales/${sale.id}/purchase`, token);
      latencies.push(performance.now() - t0);
      if (r.status === 202) acceptedToken = token;
      const code = r.status === 202 ? "202" : `${r.status} ${(JSON.parse(r.body) as { error?: { code?: string } }).error?.code ?? ""}`;
      statuses.set(code, (statuses.get(code) ?? 0) + 1);
    }));
    const burstMs = performance.now() - burst;
    const accepted = statuses.get("202") ?? 0;

    // Async orders: every accepted purchase must end succeeded, and the order count must be exactly the units.
    const tOrders = performance.now();
    let orders = 0;
    await eventually(async () => {
      const page = json<{ total: number }>(await call(base, "GET", "/api/v1/orders?all=true&size=1", admin), "orders");
      orders = page.total;
      if (orders < accepted) throw new Error(`${orders}/${accepted} orders`);
    }, { timeoutMs: 60_000, intervalMs: 100 });
    const ordersMs = performance.now() - tOrders;
    await new Promise((r) => setTimeout(r, 300)); // a late extra order would show up here
    orders = json<{ total: number }>(await call(base, "GET", "/api/v1/orders?all=true&size=1", admin), "orders").total;
    sampling = false;
    await sampler;
    const stock = json<{ available: number; reserved: number }>(await call(base, "GET", `/api/v1/books/${book.id}/stock`, admin), "stock");
    const remaining = json<{ remaining: number }>(await call(base, "GET", `/api/v1/flash-sales/${sale.id}`, ""), "sale").remaining;
    const polled = json<{ status: string; orderId?: string }>(
      await call(base, "GET", `/api/v1/flash-sales/${sale.id}/purchase`, acceptedToken), "poll").status;

    latencies.sort((a, b) => a - b);
    const base0 = await baseline(tokens);
    const rps = ATTEMPTS / (burstMs / 1000);
    console.log(`purchase burst: ${ATTEMPTS} requests in ${(burstMs / 1000).toFixed(2)} s = ${rps.toFixed(0)} req/s`);
    console.log(`bare node:http baseline, same burst and client: ${base0.rps.toFixed(0)} req/s, p50 ${base0.p50.toFixed(1)} ms, p99 ${base0.p99.toFixed(1)} ms; ratio ${(rps / base0.rps).toFixed(3)}×`);
    console.log(`latency (fired all at once, includes client queueing): p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms, max ${(latencies.at(-1) ?? 0).toFixed(1)} ms`);
    console.log(`answers: ${[...statuses].map(([k, v]) => `${k}=${v}`).join(", ")}`);
    console.log(`accepted ${accepted}; orders created ${orders} (all within ${(ordersMs / 1000).toFixed(2)} s after the burst); sale remaining ${remaining}; a buyer's poll: ${polled}`);
    console.log(`catalog stock: available ${stock.available}, reserved ${stock.reserved} (started ${UNITS * 5}); lowest sampled during the burst ${minAvailable}`);

    const checks: [boolean, string][] = [
      [accepted === UNITS, `accepted ${accepted} ≠ ${UNITS}`],
      [orders === UNITS, `orders ${orders} ≠ ${UNITS}`],
      [remaining === 0, `remaining ${remaining} ≠ 0`],
      [stock.available >= 0 && stock.reserved >= 0 && minAvailable >= 0, "stock went below 0"],
      [stock.available + stock.reserved === UNITS * 5, "catalog units lost or created"],
      [(statuses.get("409 OUT_OF_STOCK") ?? 0) === ATTEMPTS - UNITS, "every refusal should be OUT_OF_STOCK"],
      [polled === "succeeded", `an accepted purchase polls as ${polled}`],
    ];
    for (const [ok, message] of checks) if (!ok) {
      failed = true;
      console.error(`FAIL: ${message}`);
    }
    console.log(failed ? "RESULT: FAIL" : "RESULT: OK (exactly one order per unit, no oversell, stock never negative)");
  } finally {
    agent.destroy();
    await bookstore.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (failed) process.exitCode = 1;
}

await main();
