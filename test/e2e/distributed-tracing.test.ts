import { createServer, type Server } from "node:http";
import { gunzipSync } from "node:zlib";
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "@bookstore/platform/testing";
import { request } from "../support/bookstore.js";
import { http2Get, startDistributedBookstore, type DistributedBookstore } from "../support/distributed-bookstore.js";

/** One span as the OTLP/HTTP JSON export carries it, with its process's service.name. */
interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  attributes: Record<string, unknown>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: { spans?: { traceId: string; spanId: string; parentSpanId?: string; name: string; attributes?: OtlpAttribute[] }[] }[];
  }[];
}

const attributeMap = (attrs: OtlpAttribute[] = []): Record<string, unknown> =>
  Object.fromEntries(attrs.map((a) => [a.key, a.value.stringValue ?? a.value.intValue ?? a.value.boolValue ?? a.value.doubleValue]));

/** The smallest OTLP/HTTP traces receiver: POST /v1/traces with the JSON encoding the exporter sends. */
async function startCollector(): Promise<{ url: string; spans: ReceivedSpan[]; close(): Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/traces" || req.headers["content-type"] !== "application/json") {
        res.writeHead(415).end();
        return;
      }
      const raw = Buffer.concat(chunks);
      const body = JSON.parse((req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8")) as OtlpExport;
      for (const rs of body.resourceSpans ?? []) {
        const service = String(attributeMap(rs.resource?.attributes)["service.name"]);
        for (const ss of rs.scopeSpans ?? [])
          for (const s of ss.spans ?? [])
            spans.push({ service, traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId ?? "", name: s.name, attributes: attributeMap(s.attributes) });
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    spans,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

describe("distributed mode: one order's trace across processes, exported over OTLP", () => {
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let dist: DistributedBookstore;

  beforeAll(async () => {
    collector = await startCollector();
    dist = await startDistributedBookstore({
      env: {
        BOOKSTORE_TRACING__ENABLED: "true",
        BOOKSTORE_TRACING__OTLP_URL: collector.url,
        BOOKSTORE_TRACING__EXPORT_DELAY_MS: "100",
        // The order's payment deadline job then runs during the test, in the order process.
        BOOKSTORE_ORDERS__PAYMENT_TIMEOUT_SECONDS: "1",
      },
    });
  }, 900_000); // includes waiting for the multi-process slot (test/support/heavy-suite.ts)

  afterAll(async () => {
    await dist?.stop();
    await collector?.close();
  });

  it("continues the caller's traceparent through gateway, order and catalog down to SQL, and into the order's job", async () => {
    const login = await request(dist.baseUrl, "POST", "/api/v1/auth/login", { body: { username: "customer", password: "bookstore-customer" } });
    const token: string = login.json.accessToken;
    const book = (await request(dist.baseUrl, "GET", "/api/v1/books?size=1")).json.items[0] as { id: string };
    const traceId = randomBytes(16).toString("hex");
    const callerSpanId = randomBytes(8).toString("hex");
    const order = await request(dist.baseUrl, "POST", "/api/v1/orders", {
      token,
      headers: { "Idempotency-Key": randomUUID(), traceparent: `00-${traceId}-${callerSpanId}-01` },
      body: { items: [{ bookId: book.id, quantity: 1 }] },
    });
    expect(order.status, order.text).toBe(201);

    const inTrace = () => collector.spans.filter((s) => s.traceId === traceId);
    const spans = await eventually(() => {
      const all = inTrace();
      expect(all.map((s) => s.name)).toEqual(expect.arrayContaining(["POST /api/v1/orders", "job order.expire"]));
      return all;
    }, { timeoutMs: 20_000, intervalMs: 100 });

    const processes = new Set(spans.map((s) => s.service));
    expect([...processes]).toEqual(expect.arrayContaining(["gateway", "order", "catalog"]));
    expect(spans.some((s) => s.attributes["db.system.name"] === "sqlite")).toBe(true);
    const root = spans.find((s) => s.name === "POST /api/v1/orders");
    expect(root).toMatchObject({ service: "gateway", parentSpanId: callerSpanId });
    // The payment deadline job, enqueued while the order was placed, ran in the order process under that request.
    const job = spans.find((s) => s.name === "job order.expire");
    expect(job?.service).toBe("order");
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    expect(byId.get(job?.parentSpanId ?? "")?.service).toBe("order");
    // One tree: every span's parent was exported too, except the gateway's, whose parent is the caller.
    await eventually(() => {
      const ids = new Set(inTrace().map((s) => s.spanId));
      expect(inTrace().filter((s) => !ids.has(s.parentSpanId)).map((s) => s.name)).toEqual(["POST /api/v1/orders"]);
    }, { timeoutMs: 5_000 });
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain(token);
  });

  it("publishes the order process's job queue depths on its /metrics", async () => {
    const metrics = await http2Get(dist.serviceUrl("order"), "/metrics");
    for (const state of ["waiting", "active", "delayed", "failed"])
      expect(metrics, state).toMatch(new RegExp(`^jobs_queue_depth\\{queue="order",state="${state}"[^}]*\\} \\d+$`, "m"));
  });
});
