import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Etcd3 } from "etcd3";
import { eventually, hasEtcd, servicesRequired, startEtcd, type TestEtcd } from "@bookstore/platform/testing";
import { request } from "../support/bookstore.js";
import { startDistributedBookstore, type DistributedBookstore, type ServeProcess } from "../support/distributed-bookstore.js";

/** Sum of a Prometheus metric's samples whose labels include `labels` (text exposition format). */
function metricSum(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return sum;
}

const metricsOf = async (url: string): Promise<string> => (await fetch(`${url}/metrics`)).text();
/** RPCs a catalog process has answered (any method, any outcome). */
const catalogCalls = async (p: ServeProcess): Promise<number> =>
  metricSum(await metricsOf(p.url), "rpc_server_duration_seconds_count", { service: "catalog" });

const TTL_SECONDS = 2;

describe.runIf(hasEtcd() || servicesRequired)("etcd discovery: catalog ×2 behind one gateway", () => {
  let etcd: TestEtcd;
  let dist: DistributedBookstore;
  const prefix = `/bookstore-discovery-test/`;

  /** Catalog-backed reads through the gateway (list and categories are not cached). */
  const read = (i: number) => request(dist.baseUrl, "GET", i % 2 === 0 ? "/api/v1/books?page=1&size=5" : "/api/v1/categories");

  beforeAll(async () => {
    etcd = await startEtcd();
    dist = await startDistributedBookstore({
      env: {
        ETCD_URL: etcd.url,
        BOOKSTORE_DISCOVERY__PREFIX: prefix,
        BOOKSTORE_DISCOVERY__LEASE_TTL_SECONDS: String(TTL_SECONDS),
        BOOKSTORE_RATE_LIMIT__ENABLED: "false",
      },
      instances: { catalog: 2 },
    });
    const gateway = dist.processes.find((p) => p.name === "gateway");
    await eventually(async () => {
      const text = await metricsOf(gateway?.url ?? "");
      expect(metricSum(text, "discovery_instances", { service: "catalog" })).toBe(2);
    }, { timeoutMs: 30_000, intervalMs: 100 });
  }, 900_000); // includes waiting for the multi-process slot (test/support/heavy-suite.ts)

  afterAll(async () => {
    await dist?.stop();
    await etcd?.stop();
  });

  const catalogs = () => dist.processes.filter((p) => p.name === "catalog" && p.child.exitCode === null && p.child.signalCode === null);

  it("registers every instance in etcd and reports the gateway ready", async () => {
    const client = new Etcd3({ hosts: etcd.url });
    try {
      const registered = await client.getAll().prefix(`${prefix}services/catalog/`).strings();
      const urls = Object.values(registered).map((v) => (JSON.parse(v) as { url: string }).url).sort();
      expect(urls).toEqual(catalogs().map((p) => p.url).sort());
      for (const v of Object.values(registered)) expect(JSON.parse(v)).toMatchObject({ version: expect.any(String), startedAt: expect.any(String) });
    } finally {
      client.close();
    }
    // The other services may still be starting: ready once each has a live instance.
    await eventually(async () => {
      const ready = await request(dist.baseUrl, "GET", "/readyz");
      expect(ready.json.checks).toMatchObject({ user: true, catalog: true, order: true, search: true, recommendation: true });
      expect(ready.status).toBe(200);
    }, { timeoutMs: 30_000, intervalMs: 100 });
  });

  it("balances calls over both instances", async () => {
    const before = await Promise.all(catalogs().map(catalogCalls));
    for (let i = 0; i < 40; i++) expect((await read(i)).status).toBe(200);
    const after = await Promise.all(catalogs().map(catalogCalls));
    // Round-robin: each instance takes about half; allow for other callers (search, recommendation sync).
    for (const [i, n] of after.entries()) expect(n - (before[i] ?? 0)).toBeGreaterThanOrEqual(15);
  });

  it("after SIGKILL of one instance, clients see no errors once the TTL has passed", async () => {
    const [victim] = catalogs();
    if (!victim) throw new Error("no catalog instance");
    const gateway = dist.processes.find((p) => p.name === "gateway");
    victim.child.kill("SIGKILL");
    await victim.exited;
    const killedAt = Date.now();
    // Traffic during the TTL window: refused connections are retried on the other instance, so none should fail,
    // but the issue only promises "no errors after the TTL"; these are reported, not asserted.
    let during = 0;
    let duringErrors = 0;
    for (let i = 0; Date.now() - killedAt < TTL_SECONDS * 1000; i++) {
      during++;
      if ((await read(i)).status !== 200) duringErrors++;
    }
    await eventually(async () => {
      expect(metricSum(await metricsOf(gateway?.url ?? ""), "discovery_instances", { service: "catalog" })).toBe(1);
    }, { timeoutMs: TTL_SECONDS * 1000 + 5_000, intervalMs: 50 });
    const statuses = await Promise.all(Array.from({ length: 100 }, (_, i) => read(i).then((r) => r.status)));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    console.info(`discovery: ${duringErrors} of ${during} requests failed within the TTL after SIGKILL`);
  }, 60_000);

  it("a new instance takes traffic within 1 s of registering", async () => {
    const client = new Etcd3({ hosts: etcd.url });
    let registeredAt: number | undefined;
    const watcher = await client.watch().prefix(`${prefix}services/catalog/`).create();
    watcher.on("put", () => (registeredAt ??= Date.now()));
    let stop = false;
    // Steady traffic through the gateway while the instance starts and registers.
    const traffic = (async () => {
      for (let i = 0; !stop; i++) await read(i);
    })();
    try {
      const fresh = await dist.startInstance("catalog");
      const firstCallAt = await eventually(async () => {
        if ((await catalogCalls(fresh)) === 0) throw new Error("no call yet");
        return Date.now();
      }, { timeoutMs: 10_000, intervalMs: 20 });
      if (registeredAt === undefined) throw new Error("registration not seen in etcd");
      const lagMs = firstCallAt - registeredAt;
      console.info(`discovery: first call reached the new instance ${lagMs} ms after it registered`);
      expect(lagMs).toBeLessThan(1_000);
    } finally {
      stop = true;
      await traffic;
      await watcher.cancel();
      client.close();
    }
  }, 90_000);
});
