import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { startTracing, type Tracing } from "@bookstore/platform/tracing";
import { eventually } from "@bookstore/platform/testing";
import { startBookstore, type ApiClient, type TestBookstore } from "../support/bookstore.js";

// One HTTP order request must yield one trace: gateway → order → catalog/user over Connect, down to SQL statements.
describe("distributed tracing of an order", () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let bs: TestBookstore;
  let customer: ApiClient;

  beforeAll(async () => {
    tracing = startTracing({ serviceName: "bookstore", exporter });
    bs = await startBookstore({ env: { BOOKSTORE_TRACING__ENABLED: "true" } });
    customer = await bs.login("customer");
  });
  afterAll(async () => {
    await bs?.close();
    await tracing?.shutdown();
  });

  it("joins the caller's traceparent and spans at least three services and the database", async () => {
    const books = (await bs.request("GET", "/api/v1/books?size=3")).json.items as { id: string; priceCents: number }[];
    const coupon = (await customer.get("/api/v1/coupons")).json.items.find((c: { status: string; minOrderCents: number }) => c.status === "available" && c.minOrderCents <= 3 * (books[0]?.priceCents ?? 0));
    const traceId = randomBytes(16).toString("hex");
    const traceparent = `00-${traceId}-${randomBytes(8).toString("hex")}-01`;
    exporter.reset();
    const res = await customer.post("/api/v1/orders", { items: [{ bookId: books[0]?.id, quantity: 3 }], ...(coupon ? { couponId: coupon.id } : {}) }, {
      "Idempotency-Key": randomUUID(),
      traceparent,
    });
    expect(res.status, res.text).toBe(201);

    const spans = await eventually(() => {
      const inTrace = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
      expect(inTrace.find((s) => s.name === "POST /api/v1/orders")).toBeDefined();
      return inTrace;
    });
    const services = new Set(spans.map((s) => s.attributes["bookstore.service"]).filter(Boolean));
    expect([...services]).toEqual(expect.arrayContaining(["gateway", "order", "catalog"]));
    expect(services.size).toBeGreaterThanOrEqual(3);
    expect(spans.some((s) => s.attributes["db.system.name"] === "sqlite")).toBe(true);

    // One tree: every span's parent is in the trace, except the root whose parent is the caller's span.
    const ids = new Set(spans.map((s) => s.spanContext().spanId));
    const roots = spans.filter((s: ReadableSpan) => !ids.has(s.parentSpanContext?.spanId ?? ""));
    expect(roots.map((s) => s.name)).toEqual(["POST /api/v1/orders"]);
    // The SQL text is parameterised: no customer data in span attributes.
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain(customer.token);
  });
});
