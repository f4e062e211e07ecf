import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { UserService } from "@bookstore/contracts/user/v1/user";
import { createLogger } from "../logger/index.js";
import { createMetrics } from "../metrics/index.js";
import { probeHealth } from "./probe.js";
import { serveService, type ServedService } from "./serve-service.js";

// One port, two protocols: gRPC (HTTP/2) for callers, HTTP/1.1 for Prometheus scrapes and Kubernetes probes.
describe("a served service's port", () => {
  let served: ServedService;
  beforeAll(async () => {
    served = await serveService({
      service: "probe",
      routes: (router) => router.service(UserService, { getUser: async (req) => ({ user: { id: req.id, username: "probe" } }) }),
      port: 0,
      logger: createLogger({ level: "silent", name: "test" }),
      metrics: createMetrics(),
      ready: async () => ({ db: true }),
    });
  });
  afterAll(() => served?.close());
  const base = () => `http://127.0.0.1:${served.port}`;

  it("answers /healthz, /readyz and /metrics over HTTP/1.1", async () => {
    const health = await fetch(`${base()}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${base()}/readyz`)).json()).toEqual({ status: "ready", checks: { db: true } });
    const metrics = await fetch(`${base()}/metrics`);
    expect(metrics.headers.get("content-type")).toContain("text/plain");
    expect(await metrics.text()).toContain("process_cpu_user_seconds_total");
  });

  it("still serves gRPC and the health probe over HTTP/2", async () => {
    expect(await probeHealth(base())).toBe(true);
    const client = createClient(UserService, createGrpcTransport({ baseUrl: base() }));
    expect((await client.getUser({ id: "42" })).user?.username).toBe("probe");
  });

  it("closes with idle HTTP/1.1 keep-alive connections open", async () => {
    const extra = await serveService({
      service: "probe2", routes: () => undefined, port: 0,
      logger: createLogger({ level: "silent", name: "test" }), metrics: createMetrics(), ready: async () => ({}),
    });
    expect((await fetch(`http://127.0.0.1:${extra.port}/healthz`)).status).toBe(200);
    await extra.close();
    await expect(fetch(`http://127.0.0.1:${extra.port}/healthz`)).rejects.toThrow();
  });
});
