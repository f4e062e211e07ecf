import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "@connectrpc/connect";
import { CatalogService } from "@bookstore/contracts/catalog/v1/catalog";
import { SearchService } from "@bookstore/contracts/search/v1/search";
import { UserService } from "@bookstore/contracts/user/v1/user";
import { loadConfig } from "../config/index.js";
import { AppError } from "../errors/index.js";
import { createLogger } from "../logger/index.js";
import { createMetrics, type Metrics } from "../metrics/index.js";
import { serveService, type ServedService } from "../rpc/index.js";
import { eventually, freePort, hasEtcd, servicesRequired, startEtcd, startSilentPeer, type TestEtcd } from "../testing/index.js";
import { createDiscovery, type Discovery, type Registration } from "./discovery.js";
import { isIdempotent } from "./idempotent-rpc.js";

describe("which RPCs are retried after an ambiguous failure", () => {
  it("reads are, writes are not (names from the real contracts)", () => {
    expect(isIdempotent(CatalogService.method.getBook)).toBe(true);
    expect(isIdempotent(CatalogService.method.batchGetStock)).toBe(true);
    expect(isIdempotent(CatalogService.method.listBooks)).toBe(true);
    expect(isIdempotent(SearchService.method.hot)).toBe(true);
    expect(isIdempotent(CatalogService.method.reserveStock)).toBe(false);
    expect(isIdempotent(CatalogService.method.setStock)).toBe(false);
    expect(isIdempotent(UserService.method.logout)).toBe(false);
  });
});

describe.runIf(hasEtcd() || servicesRequired)("balanced transport on etcd", () => {
  const logger = createLogger({ level: "silent", name: "test" });
  let etcd: TestEtcd;
  let discovery: Discovery;
  let metrics: Metrics;
  let served: ServedService | undefined;
  const registrations: Registration[] = [];
  let logouts = 0;

  beforeAll(async () => {
    etcd = await startEtcd();
    metrics = createMetrics();
    const config = loadConfig({ env: { ETCD_URL: etcd.url, BOOKSTORE_DISCOVERY__PREFIX: "/unit/", BOOKSTORE_DISCOVERY__LEASE_TTL_SECONDS: "5" } });
    discovery = createDiscovery(config, { logger, metrics, version: "test" });
  }, 60_000);

  afterAll(async () => {
    for (const r of registrations) await r.close();
    await served?.close();
    await discovery?.close();
    await etcd?.stop();
  });

  it("fails fast with UNAVAILABLE when a service has no live instance", async () => {
    const users = createClient(UserService, discovery.transportFor("user"));
    const failure = await users.getUser({ id: "1" }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).reason).toBe("UNAVAILABLE");
    expect(discovery.liveInstances("user")).toBe(0);
  });

  it("sends a write whose connection was refused to another instance, and counts the retry", async () => {
    served = await serveService({
      service: "user",
      routes: (router) =>
        router.service(UserService, {
          getUser: (req) => ({ user: { id: req.id, username: "live" } }),
          logout: () => {
            logouts++;
            return {};
          },
        }),
      port: 0,
      logger,
      metrics: createMetrics(),
      ready: async () => ({}),
    });
    // One registered instance is dead (nothing listens on its port): its connections are refused.
    registrations.push(await discovery.register("user", `http://127.0.0.1:${await freePort()}`));
    registrations.push(await discovery.register("user", `http://127.0.0.1:${served.port}`));
    await eventually(() => expect(discovery.liveInstances("user")).toBe(2));
    const users = createClient(UserService, discovery.transportFor("user"));
    for (let i = 0; i < 10; i++) await users.logout({ refreshToken: `t${i}` });
    expect(logouts).toBe(10);
    const retries = await metrics.registry.getSingleMetric("rpc_retries_total")?.get();
    expect(retries?.values.find((v) => v.labels["service"] === "user")?.value ?? 0).toBeGreaterThanOrEqual(1);
  });

  it("drops an instance from rotation when it deregisters", async () => {
    const [dead] = registrations.splice(0, 1);
    await dead?.close();
    await eventually(() => expect(discovery.liveInstances("user")).toBe(1));
    const users = createClient(UserService, discovery.transportFor("user"));
    expect((await users.getUser({ id: "7" })).user?.username).toBe("live");
  });

  it("answers a read whose instance is SIGKILLed mid-request from another instance; a write there gets UNAVAILABLE", async () => {
    const users = createClient(UserService, discovery.transportFor("user"));
    for (const kind of ["read", "write"] as const) {
      const peer = await startSilentPeer();
      const registration = await discovery.register("user", peer.url);
      await eventually(() => expect(discovery.liveInstances("user")).toBe(2));
      // Round-robin over two instances: of four calls, two are left hanging on the silent peer.
      const calls = Array.from({ length: 4 }, (_, i) =>
        (kind === "read" ? users.getUser({ id: String(i) }) : users.logout({ refreshToken: `mid-${i}` })).then(
          () => "ok",
          (e: unknown) => (e instanceof AppError ? e.reason : String(e)),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      await peer.kill();
      const outcomes = await Promise.all(calls);
      if (kind === "read") expect(outcomes).toEqual(["ok", "ok", "ok", "ok"]);
      // A write that may have reached the dead handler is not resent: the caller learns it is unavailable, not a bug.
      else expect(outcomes.slice().sort()).toEqual(["UNAVAILABLE", "UNAVAILABLE", "ok", "ok"]);
      await registration.close();
      await eventually(() => expect(discovery.liveInstances("user")).toBe(1));
    }
  });

  it("resends a write picked for an instance SIGKILLed while this process was busy, before its session noticed", async () => {
    const users = createClient(UserService, discovery.transportFor("user"));
    const peer = await startSilentPeer();
    const registration = await discovery.register("user", peer.url);
    await eventually(() => expect(discovery.liveInstances("user")).toBe(2));
    // Open a session to each instance (the silent one's call just times out).
    await Promise.all([0, 1].map((i) => users.getUser({ id: String(i) }, { timeoutMs: 200 }).catch(() => undefined)));
    const before = logouts;
    // The peer dies (and its FIN arrives) while this event loop is busy elsewhere, as on a loaded gateway.
    peer.killNow();
    const until = Date.now() + 100;
    while (Date.now() < until);
    // Two writes in the same turn: round-robin sends one of them to the dead instance.
    await Promise.all([users.logout({ refreshToken: "busy-a" }), users.logout({ refreshToken: "busy-b" })]);
    expect(logouts - before).toBe(2);
    await peer.kill();
    await registration.close();
    await eventually(() => expect(discovery.liveInstances("user")).toBe(1));
  });
});
