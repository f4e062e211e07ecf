import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, findBinary, freePort, hasMariadb, hasRedis, servicesRequired } from "@bookstore/platform/testing";
import { SERVICE_NAMES } from "@bookstore/platform/config";
import { heavySuiteSlot } from "../support/heavy-suite.js";
import { alive } from "../support/process-state.js";

const CLI = join(import.meta.dirname, "../../apps/bookstore/bin/bookstore.mjs");
const hasClusterBinaries = (): boolean =>
  hasMariadb() && hasRedis() && ["redis-cli", "etcd", "nginx", "openssl"].every((b) => findBinary(b) !== undefined);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `bookstore cluster <args>` as an operator runs it: its own process, which exits when done. */
function cluster(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    // Only PATH and HOME: the cluster must not depend on the caller's environment.
    const child = spawn(process.execPath, [CLI, "cluster", ...args], { env: { PATH: process.env["PATH"], HOME: process.env["HOME"] } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}


// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's JSON of many shapes, read field by field
type Json = any;

interface Row {
  component: string;
  instance: string;
  pid: number | null;
  up: boolean;
  ready: boolean;
}

describe.runIf(hasClusterBinaries() || servicesRequired)("bookstore cluster up|status|down", () => {
  const dir = mkdtempSync(join(tmpdir(), "bookstore-cluster-"));
  let httpsPort = 0;
  let httpPort = 0;
  let pids: number[] = [];
  const dirArg = ["--dir", dir];

  let release = (): void => undefined;
  beforeAll(async () => {
    release = await heavySuiteSlot("bookstore cluster up");
  }, 16 * 60_000);
  afterAll(async () => {
    // Whatever happened above, no process of this cluster outlives the suite.
    await cluster(["down", "--purge", ...dirArg]);
    rmSync(dir, { recursive: true, force: true });
    release();
  }, 180_000);

  const https = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; json: Json }>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = httpsRequest({
        host: "127.0.0.1", servername: "localhost", port: httpsPort, path, method, ca: readFileSync(join(dir, "tls/dev-cert.pem")),
        headers: { ...headers, ...(payload === undefined ? {} : { "content-type": "application/json", "content-length": String(Buffer.byteLength(payload)) }) },
      }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined }));
      });
      req.once("error", reject);
      req.end(payload);
    });

  it("up brings MariaDB primary + replica, a Redis Cluster, etcd, every service, the gateway and nginx up", async () => {
    [httpsPort, httpPort] = [await freePort(), await freePort()];
    // Two cores: one instance of each bookstore process here; the default is two.
    const run = await cluster(["up", ...dirArg, "--instances", "1", "--https-port", String(httpsPort), "--http-port", String(httpPort)]);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain("redis cluster: created");
    expect(run.stdout).toContain("demo data seeded");
    // It ends with the health table that `status` prints.
    expect(run.stdout).toMatch(/^component\s+instance\s+pid\s+address\s+up\s+ready$/m);
    expect(run.stdout).toMatch(/^mariadb\s+replica\s+\d+\s+127\.0\.0\.1:\d+\s+up\s+ready$/m);
    expect(run.stdout).toMatch(/^nginx\s+1\s+\d+\s+https:\/\/localhost:\d+\s+up\s+ready$/m);

    const state = JSON.parse(readFileSync(join(dir, "state.json"), "utf8")) as { processes: Record<string, { pid: number }> };
    const keys = Object.keys(state.processes).sort();
    expect(keys).toEqual(
      ["mariadb/primary", "mariadb/replica", "etcd/1", "gateway/1", "nginx/1", ...SERVICE_NAMES.map((s) => `${s}/1`),
        ...[1, 2, 3, 4, 5, 6].map((i) => `redis/${i}`)].sort(),
    );
    pids = Object.values(state.processes).map((p) => p.pid);
    // The CLI has exited; what it started runs on.
    expect(pids.filter(alive)).toHaveLength(pids.length);
    expect(statSync(join(dir, "secrets.json")).mode & 0o777).toBe(0o600);
  }, 300_000);

  it("status reports every component up and ready", async () => {
    const run = await cluster(["status", ...dirArg, "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const rows = JSON.parse(run.stdout) as Row[];
    expect(rows).toHaveLength(16);
    expect(rows.filter((r) => !(r.up && r.ready))).toEqual([]);
    expect(rows.filter((r) => r.component === "redis")).toHaveLength(6);

  }, 60_000);

  it("serves the bookstore through nginx: a demo user signs in, orders a book and pays for it", async () => {
    const login = await https("POST", "/api/v1/auth/login", { username: "customer", password: "bookstore-customer" });
    expect(login.status).toBe(200);
    const auth = { authorization: `Bearer ${String(login.json.accessToken)}` };
    const books = await https("GET", "/api/v1/books?size=5");
    expect(books.status).toBe(200);
    const bookId = String(books.json.items[0].id);

    const order = await https("POST", "/api/v1/orders", { items: [{ bookId, quantity: 1 }] }, { ...auth, "idempotency-key": "cluster-cli-1" });
    expect(order.status).toBe(201);
    expect((await https("POST", `/api/v1/orders/${String(order.json.id)}/pay`, undefined, auth)).status).toBe(202);
    // The mock provider's signed callback comes back through nginx (the processes trust the dev certificate).
    await eventually(async () => {
      const now = await https("GET", `/api/v1/orders/${String(order.json.id)}`, undefined, auth);
      if (now.json.status !== "paid") throw new Error(`order is ${String(now.json.status)}`);
    }, { timeoutMs: 30_000, intervalMs: 250 });
  }, 60_000);

  it("up again leaves the running cluster alone", async () => {
    const run = await cluster(["up", ...dirArg]);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).not.toContain("started (pid");
    expect(run.stdout.match(/already running/g)).toHaveLength(16);
    expect(run.stdout).not.toContain("demo data seeded");
    const state = JSON.parse(readFileSync(join(dir, "state.json"), "utf8")) as { processes: Record<string, { pid: number }> };
    expect(Object.values(state.processes).map((p) => p.pid).sort()).toEqual([...pids].sort());
  }, 120_000);

  it("down stops every process and keeps the data", async () => {
    const run = await cluster(["down", ...dirArg]);
    expect(run.code, run.stderr).toBe(0);
    expect(pids.filter(alive)).toEqual([]);
    expect(existsSync(join(dir, "mariadb/primary/data/mysql"))).toBe(true);
    expect(existsSync(join(dir, "secrets.json"))).toBe(true);

    const status = await cluster(["status", ...dirArg, "--json"]);
    expect(status.code, status.stderr).toBe(1);
    expect(status.stdout, status.stderr).toMatch(/^\[/);
    expect((JSON.parse(status.stdout) as Row[]).filter((r) => r.up)).toEqual([]);
  }, 120_000);
});
