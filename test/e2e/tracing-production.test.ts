import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { startTracing, type Tracing } from "@bookstore/platform/tracing";
import { eventually, hasMariadb, hasRedis, servicesRequired, startMariadb, startRedis, type TestServer } from "@bookstore/platform/testing";
import { startBookstore, type ApiClient, type TestBookstore } from "../support/bookstore.js";

// On the production adapters the same order trace reaches MariaDB and Redis (rate-limit counters, carts, cache).
describe.runIf((hasMariadb() && hasRedis()) || servicesRequired)("tracing an order on MariaDB + Redis", () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let mariadb: TestServer;
  let redis: TestServer;
  let bs: TestBookstore;
  let customer: ApiClient;

  beforeAll(async () => {
    tracing = startTracing({ serviceName: "bookstore", exporter });
    [mariadb, redis] = await Promise.all([startMariadb(), startRedis()]);
    bs = await startBookstore({ env: { DATABASE_URL: mariadb.url, REDIS_URL: redis.url, BOOKSTORE_TRACING__ENABLED: "true" } });
    customer = await bs.login("customer");
  }, 120_000);
  afterAll(async () => {
    await bs?.close();
    await Promise.all([mariadb?.stop(), redis?.stop()]);
    await tracing?.shutdown();
  });

  it("has MariaDB and Redis spans inside the request's trace, with no argument values", async () => {
    const books = (await bs.request("GET", "/api/v1/books?size=1")).json.items as { id: string }[];
    const traceId = randomBytes(16).toString("hex");
    exporter.reset();
    const res = await customer.post("/api/v1/orders", { items: [{ bookId: books[0]?.id, quantity: 1 }] }, {
      "Idempotency-Key": randomUUID(),
      traceparent: `00-${traceId}-${randomBytes(8).toString("hex")}-01`,
    });
    expect(res.status, res.text).toBe(201);

    const spans = await eventually(() => {
      const inTrace = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
      expect(inTrace.find((s) => s.name === "POST /api/v1/orders")).toBeDefined();
      return inTrace;
    });
    expect(spans.some((s) => s.attributes["db.system.name"] === "mariadb")).toBe(true);
    const redisSpans = spans.filter((s) => s.attributes["db.system.name"] === "redis");
    expect(redisSpans.length).toBeGreaterThan(0);
    // The gateway's rate-limit counters run in an onRequest hook: they must join the request's span too.
    expect(redisSpans.some((s) => s.attributes["bookstore.service"] === "gateway")).toBe(true);
    const attributes = JSON.stringify(redisSpans.map((s) => s.attributes));
    expect(attributes).not.toContain(customer.token);
    expect(attributes).not.toContain(books[0]?.id ?? "never");
  });
});
