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
import { eventually, freePort, hasEtcd, servicesRequired, startEtcd, type TestEtcd } from "../testing/index.js";
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
});
