import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Etcd3 } from "etcd3";
import { eventually, hasEtcd, hasMariadb, servicesRequired, startEtcd, startMariadb, type TestEtcd, type TestServer } from "@bookstore/platform/testing";
import { request, type ApiResponse } from "../support/bookstore.js";
import { startDistributedBookstore, type DistributedBookstore, type ServeProcess } from "../support/distributed-bookstore.js";

const VIRTUAL_USERS = 200;

const causeCode = (e: unknown): string | undefined => {
  const cause = e instanceof Error ? e.cause : undefined;
  return cause && typeof cause === "object" && "code" in cause && typeof cause.code === "string" ? cause.code : undefined;
};

/**
 * The test client plays the load balancer in front of the gateways, like a Kubernetes Service or nginx with active
 * health checks: round-robin over the gateways whose /readyz answered 200 at the last check (every 100 ms); a
 * connection that is refused goes to the next gateway (nothing was sent); a GET whose connection breaks is tried
 * again elsewhere. Anything else (a 5xx, a broken write) counts as lost.
 */
class Balancer {
  private readonly ready = new Map<string, boolean>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly gateways: string[]) {
    for (const g of gateways) this.ready.set(g, true);
    this.timer = setInterval(() => {
      for (const g of gateways)
        void fetch(`${g}/readyz`, { signal: AbortSignal.timeout(1_000) }).then(
          (r) => this.ready.set(g, r.status === 200),
          () => this.ready.set(g, false),
        );
    }, 100);
  }

  /** Ready gateways first (in round-robin order from `i`), then the rest as a last resort. */
  order(i: number): string[] {
    const rotated = this.gateways.map((_, k) => this.gateways[(i + k) % this.gateways.length] as string);
    return [...rotated.filter((g) => this.ready.get(g)), ...rotated.filter((g) => !this.ready.get(g))];
  }

  close(): void {
    clearInterval(this.timer);
  }
}

async function balanced(lb: Balancer, i: number, method: string, path: string, opts: { body?: unknown; token?: string }): Promise<ApiResponse> {
  let last: unknown;
  for (const base of lb.order(i)) {
    try {
      return await request(base, method, path, opts);
    } catch (e) {
      last = e;
      const code = causeCode(e);
      const retriable = code === "ECONNREFUSED" || (method === "GET" && (code === "ECONNRESET" || code === "UND_ERR_SOCKET"));
      if (!retriable) throw e;
    }
  }
  throw last;
}

describe.runIf((hasEtcd() && hasMariadb()) || servicesRequired)("graceful shutdown under load: catalog ×2, gateway ×2, etcd discovery", () => {
  let etcd: TestEtcd;
  let mariadb: TestServer;
  let dist: DistributedBookstore;
  let lb: Balancer;
  let adminToken: string;
  let bookIds: string[];
  const prefix = "/bookstore-shutdown-test/";

  beforeAll(async () => {
    [etcd, mariadb] = await Promise.all([startEtcd(), startMariadb()]);
    dist = await startDistributedBookstore({
      env: {
        ETCD_URL: etcd.url,
        // Two catalog processes write stock at once: MariaDB as in production (one SQLite file shared by two
        // processes answers "database is locked" under this write load, which is not what this test is about).
        DATABASE_URL: mariadb.url,
        BOOKSTORE_DISCOVERY__PREFIX: prefix,
        // Long on purpose: instances must leave by deregistering, not by their lease running out.
        BOOKSTORE_DISCOVERY__LEASE_TTL_SECONDS: "30",
        BOOKSTORE_RATE_LIMIT__ENABLED: "false",
        // Longer than the balancer needs to see a draining gateway's 503 /readyz even on a loaded CI machine (the
        // same reason a Kubernetes deployment gives endpoints a few seconds to update); and a generous bound.
        BOOKSTORE_SHUTDOWN__DRAIN_DELAY_MS: "3000",
        BOOKSTORE_SHUTDOWN__TIMEOUT_MS: "30000",
      },
      instances: { catalog: 2 },
    });
    const second = await dist.startInstance("gateway");
    const gateways = [dist.baseUrl, second.url];
    lb = new Balancer(gateways);
    const login = await request(dist.baseUrl, "POST", "/api/v1/auth/login", { body: { username: "admin", password: "bookstore-admin" } });
    adminToken = login.json.accessToken;
    const books = await request(dist.baseUrl, "GET", "/api/v1/books?page=1&size=20");
    bookIds = books.json.items.map((b: { id: string }) => b.id);
    for (const g of gateways)
      await eventually(async () => expect((await request(g, "GET", "/readyz")).status).toBe(200), { timeoutMs: 30_000, intervalMs: 100 });
  }, 900_000); // includes waiting for the multi-process slot (test/support/heavy-suite.ts)

  afterAll(async () => {
    lb?.close();
    await dist?.stop();
    await etcd?.stop();
    await mariadb?.stop();
  });

  /** VIRTUAL_USERS loops of catalog reads and stock writes through the gateways until `until` settles. */
  async function load(until: Promise<unknown>): Promise<{ total: number; lost: string[] }> {
    let done = false;
    void until.finally(() => (done = true));
    const lost: string[] = [];
    let total = 0;
    let n = 0;
    const user = async (u: number) => {
      for (let k = 0; !done; k++) {
        const i = n++;
        const write = (u + k) % 10 === 0;
        const bookId = bookIds[i % bookIds.length] ?? "";
        const [method, path, body] = write
          ? (["PUT", `/api/v1/books/${bookId}/stock`, { available: 100 + (i % 50) }] as const)
          : (["GET", i % 2 === 0 ? "/api/v1/books?page=1&size=5" : "/api/v1/categories", undefined] as const);
        total++;
        try {
          const res = await balanced(lb, i, method, path, { token: adminToken, ...(body ? { body } : {}) });
          if (res.status >= 300) lost.push(`${method} ${path} → ${res.status} ${res.text.slice(0, 120)}`);
        } catch (e) {
          lost.push(`${method} ${path} → ${String(e)} (${causeCode(e) ?? "?"})`);
        }
      }
    };
    await Promise.all(Array.from({ length: VIRTUAL_USERS }, (_, u) => user(u)));
    return { total, lost };
  }

  /** SIGTERM once the load is running; resolves a second after the process has exited (traffic continues meanwhile). */
  async function terminateDuringLoad(victim: ServeProcess): Promise<{ code: number | null; exitedAfterMs: number }> {
    await new Promise((r) => setTimeout(r, 1_000)); // the load is running
    const sentAt = Date.now();
    victim.child.kill("SIGTERM");
    await victim.exited;
    const result = { code: victim.child.exitCode, exitedAfterMs: Date.now() - sentAt };
    await new Promise((r) => setTimeout(r, 1_000));
    return result;
  }

  it("SIGTERM to one of two catalog instances loses no request, and it leaves etcd before it exits", async () => {
    const victim = dist.processes.find((p) => p.name === "catalog");
    if (!victim) throw new Error("no catalog");
    const client = new Etcd3({ hosts: etcd.url });
    let deregisteredAt: number | undefined;
    const watcher = await client.watch().prefix(`${prefix}services/catalog/`).create();
    watcher.on("delete", () => (deregisteredAt ??= Date.now()));
    let exitAt = 0;
    void victim.exited.then(() => (exitAt = Date.now()));
    try {
      const termination = terminateDuringLoad(victim);
      const [{ total, lost }, result] = await Promise.all([load(termination), termination]);
      console.info(`graceful shutdown (catalog): ${total} requests, ${lost.length} lost; exited ${result.exitedAfterMs} ms after SIGTERM`);
      expect(lost).toEqual([]);
      expect(result.code).toBe(0);
      expect(total).toBeGreaterThan(VIRTUAL_USERS * 2);
      expect(deregisteredAt).toBeDefined();
      expect(deregisteredAt ?? Infinity).toBeLessThan(exitAt);
    } finally {
      await watcher.cancel();
      client.close();
    }
  }, 90_000);

  it("SIGTERM to one of two gateways loses no request", async () => {
    const victim = dist.processes.find((p) => p.name === "gateway" && p.child.exitCode === null);
    if (!victim) throw new Error("no gateway");
    const termination = terminateDuringLoad(victim);
    const [{ total, lost }, result] = await Promise.all([load(termination), termination]);
    console.info(`graceful shutdown (gateway): ${total} requests, ${lost.length} lost; exited ${result.exitedAfterMs} ms after SIGTERM`);
    expect(lost).toEqual([]);
    expect(result.code).toBe(0);
    expect(total).toBeGreaterThan(VIRTUAL_USERS * 2);
  }, 90_000);
});
