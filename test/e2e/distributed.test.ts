import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVICE_NAMES } from "@bookstore/platform/config";
import { request } from "../support/bookstore.js";
import { http2Get, startDistributedBookstore, type DistributedBookstore } from "../support/distributed-bookstore.js";
import { purchaseJourney } from "../support/purchase-journey.js";

describe("distributed mode: gateway and five services as six processes over gRPC", () => {
  let dist: DistributedBookstore;

  beforeAll(async () => {
    dist = await startDistributedBookstore();
  }, 900_000); // includes waiting for the multi-process slot (test/support/heavy-suite.ts)

  afterAll(() => dist?.stop());

  it("runs the purchase journey across processes", async () => {
    await purchaseJourney(dist.baseUrl, { searchTimeoutMs: 10_000 });
    const missing = await request(dist.baseUrl, "GET", "/api/v1/books/123456789012345");
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe("NOT_FOUND");
  });

  it("reports every service reachable on the gateway's /readyz", async () => {
    const ready = await request(dist.baseUrl, "GET", "/readyz");
    expect(ready.status).toBe(200);
    expect(ready.json.checks).toEqual(Object.fromEntries(SERVICE_NAMES.map((s) => [s, true])));
  });

  it("serves /healthz and /metrics on every service process", async () => {
    for (const s of SERVICE_NAMES) expect(await http2Get(dist.serviceUrl(s), "/metrics"), s).toContain("rpc_server_duration_seconds");
  });
});
