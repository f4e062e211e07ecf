import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eventually, findBinary, freePort, hasMariadb, hasRedis, servicesRequired } from "@bookstore/platform/testing";
import type { ApiResponse, RequestOptions } from "../support/bookstore.js";
import { heavySuiteSlot } from "../support/heavy-suite.js";
import { alive, refuses } from "../support/process-state.js";
import { purchaseJourney } from "../support/purchase-journey.js";

// Issue 8 acceptance: the production topology from `bookstore cluster up` (2 instances of every service, 2 gateways,
// nginx) serves the foundation's purchase journey over HTTPS while one instance after another is SIGKILLed, and no
// request fails.

const CLI = join(import.meta.dirname, "../../apps/bookstore/bin/bookstore.mjs");
const hasClusterBinaries = (): boolean =>
  hasMariadb() && hasRedis() && ["redis-cli", "etcd", "nginx", "openssl"].every((b) => findBinary(b) !== undefined);

function cluster(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    // Only PATH and HOME: the cluster must not depend on the caller's environment.
    const child = spawn(process.execPath, [CLI, "cluster", ...args], { env: { PATH: process.env["PATH"], HOME: process.env["HOME"] } });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, out }));
  });
}



/** One HTTP exchange as the client saw it: a status, or the transport error instead of one. */
interface Exchange {
  method: string;
  path: string;
  status?: number;
  /** The transport error, or the body of an unexpected answer. */
  error?: string;
  /** Which kill had happened before it was sent (0: none yet). */
  afterKill: number;
}

/** A kill lands right before the first request of a journey that matches `before`, so the rest of that journey meets it. */
interface Kill {
  key: string;
  before: (method: string, path: string) => boolean;
}

const KILLS: Kill[] = [
  { key: "user/1", before: (m, p) => m === "POST" && p === "/api/v1/auth/login" },
  { key: "catalog/2", before: (m, p) => m === "GET" && p.startsWith("/api/v1/books?") },
  { key: "search/1", before: (m, p) => m === "GET" && p.startsWith("/api/v1/search?") },
  { key: "recommendation/2", before: (m, p) => m === "GET" && /^\/api\/v1\/books\/[^/?]+$/.test(p) },
  { key: "order/1", before: (m, p) => m === "POST" && p === "/api/v1/cart/items" },
  // A write through nginx while one gateway is gone (still in its upstream list).
  { key: "gateway/2", before: (m, p) => m === "POST" && p === "/api/v1/orders" },
];

// What keeps writes whole across a kill: the gateway resends a write only when nothing reached the dead instance
// (refused connection, GOAWAY, REFUSED_STREAM), and waits one loop turn first so a closed session is seen as closed;
// nginx resends POST /api/v1/orders to the other gateway, which is safe because the Idempotency-Key makes the order
// service answer a resend with the order the first request made.

describe.runIf(hasClusterBinaries() || servicesRequired)("cluster up: the purchase journey survives SIGKILLed instances", () => {
  const dir = mkdtempSync(join(tmpdir(), "bookstore-cluster-journey-"));
  let baseUrl = "";
  let agent: Agent | undefined;
  let ca: Buffer;
  const exchanges: Exchange[] = [];
  let kills = 0;
  /** Set by a test: called before every request, may kill something first. */
  let beforeRequest: (method: string, path: string) => Promise<void> = async () => undefined;

  /** The journey's client: HTTPS to nginx with the dev certificate as the only CA; records every exchange. */
  async function request(base: string, method: string, path: string, opts: RequestOptions = {}): Promise<ApiResponse> {
    await beforeRequest(method, path);
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers["authorization"] = `Bearer ${opts.token}`;
    const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    if (body !== undefined) {
      headers["content-type"] ??= "application/json";
      headers["content-length"] = String(Buffer.byteLength(body));
    }
    const exchange: Exchange = { method, path, afterKill: kills };
    exchanges.push(exchange);
    try {
      const url = new URL(path, base);
      const res = await new Promise<{ status: number; headers: Headers; text: string }>((resolve, reject) => {
        const req = httpsRequest(
          { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, agent, servername: "localhost", ca, timeout: 30_000 },
          (r) => {
            let text = "";
            r.setEncoding("utf8");
            r.on("data", (c: string) => (text += c));
            r.on("error", reject);
            r.on("end", () => {
              const h = new Headers();
              for (const [k, v] of Object.entries(r.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(", ") : v);
              resolve({ status: r.statusCode ?? 0, headers: h, text });
            });
          },
        );
        req.once("timeout", () => req.destroy(new Error("no answer within 30 s")));
        req.once("error", reject);
        req.end(body);
      });
      exchange.status = res.status;
      if (res.status >= 300) exchange.error = res.text.slice(0, 300);
      let json: unknown;
      try {
        json = res.text ? JSON.parse(res.text) : undefined;
      } catch {
        json = undefined;
      }
      return { ...res, json };
    } catch (e) {
      exchange.error = e instanceof Error ? e.message : String(e);
      throw e;
    }
  }

  /** The journey plus the calls it does not make itself, so every service is on the path. */
  async function journey(): Promise<void> {
    const { token, book } = await purchaseJourney(baseUrl, { request, searchTimeoutMs: 15_000, paidTimeoutMs: 20_000 });
    const forBook = await request(baseUrl, "GET", `/api/v1/recommendations?bookId=${book.id}&limit=5`);
    expect(forBook.status, forBook.text).toBe(200);
    const forMe = await request(baseUrl, "GET", "/api/v1/recommendations?limit=5", { token });
    expect(forMe.status, forMe.text).toBe(200);
    const orders = await request(baseUrl, "GET", "/api/v1/orders", { token });
    expect(orders.status, orders.text).toBe(200);
  }

  const state = () =>
    JSON.parse(readFileSync(join(dir, "state.json"), "utf8")) as { processes: Record<string, { pid: number }>; ports: Record<string, number> };

  let release = (): void => undefined;
  beforeAll(async () => {
    release = await heavySuiteSlot("cluster journey");
    const [httpsPort, httpPort] = [await freePort(), await freePort()];
    // The defaults: two instances of every service and two gateways.
    const up = await cluster(["up", "--dir", dir, "--https-port", String(httpsPort), "--http-port", String(httpPort), "--timeout", "300"]);
    expect(up.code, up.out).toBe(0);
    ca = readFileSync(join(dir, "tls/dev-cert.pem"));
    // Kept-alive connections like a browser's, so a killed gateway also breaks connections nginx holds to it.
    agent = new Agent({ keepAlive: true, maxSockets: 4 });
    baseUrl = `https://127.0.0.1:${httpsPort}`;
  }, 16 * 60_000 + 360_000);

  let failedTests = 0;
  afterEach((ctx) => {
    if (ctx.task.result?.state === "fail") failedTests++;
  });

  afterAll(async () => {
    agent?.destroy();
    if (failedTests > 0 || baseUrl === "") {
      // The processes' logs say why a request failed; they would go with --purge.
      const keep = mkdtempSync(join(tmpdir(), "bookstore-cluster-journey-logs-"));
      cpSync(join(dir, "logs"), keep, { recursive: true, force: true });
      console.error(`cluster journey: logs kept in ${keep}`);
    }
    // Whatever happened above, no process of this cluster outlives the suite.
    await cluster(["down", "--purge", "--dir", dir]);
    rmSync(dir, { recursive: true, force: true });
    release();
  }, 180_000);

  it("runs the journey through nginx over HTTPS before anything is killed", async () => {
    const keys = Object.keys(state().processes);
    for (const k of KILLS) expect(keys).toContain(k.key);
    expect(keys.filter((k) => k.startsWith("gateway/"))).toHaveLength(2);
    await journey();
    expect(exchanges.filter((e) => e.status === undefined || e.status >= 300)).toEqual([]);
  }, 90_000);

  it("answers every request of six journeys while one instance of each service and one gateway are SIGKILLed in turn", async () => {
    const before = exchanges.length;
    const pids = state().processes;
    for (const [i, kill] of KILLS.entries()) {
      let pending: Kill | undefined = kill;
      beforeRequest = async (method, path) => {
        if (!pending?.before(method, path)) return;
        pending = undefined;
        const pid = pids[kill.key]?.pid;
        if (pid === undefined) throw new Error(`no pid for ${kill.key} in state.json`);
        process.kill(pid, "SIGKILL");
        // Dead before the journey goes on, sockets and all (etcd still lists it until the lease expires). Its main
        // thread can be gone (a zombie) while another thread still holds the process's sockets open, under load for
        // a while: bytes written to it then are taken by the kernel and dropped at the final close, and a write sent
        // into that window is truly in doubt. Its port refusing connections says the sockets are closed.
        const port = state().ports[kill.key];
        if (port === undefined) throw new Error(`no port for ${kill.key} in state.json`);
        await eventually(async () => {
          expect(alive(pid), `${kill.key} (pid ${pid}) still runs`).toBe(false);
          expect(await refuses(port), `${kill.key} still accepts connections on ${port}`).toBe(true);
        }, { timeoutMs: 10_000 });
        kills = i + 1;
      };
      await journey();
      expect(pending, `the kill of ${kill.key} happened during the journey`).toBeUndefined();
    }
    beforeRequest = async () => undefined;
    // One more with every killed instance gone (and, by now, some dropped from etcd).
    await journey();

    const mine = exchanges.slice(before);
    const failed = mine.filter((e) => e.status === undefined || e.status < 200 || e.status >= 300);
    // Every request counts, including the journey's polling of search and of the order's status.
    console.info(`cluster journey: ${mine.length} requests over ${KILLS.length + 1} journeys, ${failed.length} failed`);
    expect(failed).toEqual([]);
    expect(kills).toBe(KILLS.length);
    // Every kill had requests after it that met the reduced cluster.
    for (let k = 1; k <= KILLS.length; k++) expect(mine.filter((e) => e.afterKill === k).length, `after kill ${k}`).toBeGreaterThan(3);
  }, 240_000);

  it("the kills were met: nginx moved requests off the dead gateway, the gateway retried RPCs on other instances", async () => {
    const { ports } = state();
    // nginx logs every upstream it tried ("a, b" after a retry); the first one tried was the killed gateway.
    const access = readFileSync(join(dir, "logs/nginx-access.log"), "utf8");
    const movedOff = access.split("\n").filter((l) => l.includes(`upstream=127.0.0.1:${ports["gateway/2"]}, `));
    expect(movedOff.length, "requests nginx retried after gateway/2 died").toBeGreaterThan(0);
    // The surviving gateway saw every request after the gateway kill; its retries show dead instances were tried.
    const metrics = await (await fetch(`http://127.0.0.1:${ports["gateway/1"]}/metrics`)).text();
    const retries = [...metrics.matchAll(/^rpc_retries_total\{[^}]*service="(\w+)"[^}]*\} (\d+)/gm)].map((m) => `${m[1]}=${m[2]}`);
    console.info(`cluster journey: nginx retried ${movedOff.length} request(s); gateway/1 rpc retries: ${retries.join(" ") || "none"}`);
    expect(retries.length, metrics.split("\n").filter((l) => l.startsWith("rpc_retries")).join("\n")).toBeGreaterThan(0);
  }, 60_000);

  it("status shows exactly the killed instances down", async () => {
    const run = await cluster(["status", "--dir", dir, "--json"]);
    expect(run.code).toBe(1);
    const rows = JSON.parse(run.out) as { component: string; instance: string; up: boolean; ready: boolean }[];
    const down = rows.filter((r) => !r.up).map((r) => `${r.component}/${r.instance}`).sort();
    expect(down).toEqual(KILLS.map((k) => k.key).sort());
    expect(rows.filter((r) => r.up && !r.ready)).toEqual([]);
  }, 60_000);

  it("up starts the killed instances again and leaves the rest running", async () => {
    const before = state().processes;
    const run = await cluster(["up", "--dir", dir, "--timeout", "120"]);
    expect(run.code, run.out).toBe(0);
    expect(run.out.match(/started \(pid/g)).toHaveLength(KILLS.length);
    const after = state().processes;
    for (const [key, rec] of Object.entries(after))
      if (!KILLS.some((k) => k.key === key)) expect(rec.pid, key).toBe(before[key]?.pid);
    const status = await cluster(["status", "--dir", dir, "--json"]);
    expect(status.code, status.out).toBe(0);
  }, 180_000);

  it("answers reads that are in flight when an instance of catalog, search, recommendation or a gateway is SIGKILLed", async () => {
    const book = (await request(baseUrl, "GET", "/api/v1/books?page=1&size=1")).json.items[0].id as string;
    const paths = [
      "/api/v1/books?page=2&size=20",
      `/api/v1/books/${book}`,
      `/api/v1/search?q=${encodeURIComponent("计算机")}`,
      `/api/v1/recommendations?bookId=${book}&limit=5`,
    ];
    const before = exchanges.length;
    let stop = false;
    // Eight clients, each always with a request out, so a kill meets requests in flight on the dead process.
    const load = Array.from({ length: 8 }, async (_, c) => {
      for (let i = c; !stop; i++) await request(baseUrl, "GET", paths[i % paths.length] as string);
    });
    const pids = state().processes;
    for (const key of ["catalog/1", "search/2", "recommendation/1", "gateway/1"]) {
      await eventually(() => expect(exchanges.length - before).toBeGreaterThan(40), { timeoutMs: 30_000 });
      const mark = exchanges.length;
      process.kill(pids[key]?.pid ?? -1, "SIGKILL");
      // Let the load run on against the reduced cluster before the next kill.
      await eventually(() => expect(exchanges.length - mark, `requests after killing ${key}`).toBeGreaterThan(60), { timeoutMs: 60_000 });
    }
    stop = true;
    await Promise.allSettled(load);
    const mine = exchanges.slice(before);
    const failed = mine.filter((e) => e.status === undefined || e.status !== 200);
    console.info(`cluster journey: ${mine.length} reads under load with 4 kills, ${failed.length} failed`);
    expect(failed).toEqual([]);
    await Promise.all(load); // a client that threw would have failed above; this surfaces anything else
  }, 180_000);
});
