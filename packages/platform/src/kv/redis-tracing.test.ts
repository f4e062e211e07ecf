import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { inSpan, SpanKind, SpanStatusCode, startTracing, type Tracing } from "../tracing/index.js";
import { eventually, REDIS_TOPOLOGIES, redisAvailable, useTestRedisTopology } from "../testing/index.js";
import { openRedis, type RedisResource } from "./index.js";

// startTracing registers the process-wide provider: one per test file.
const exporter = new InMemorySpanExporter();
let tracing: Tracing;
beforeAll(() => {
  tracing = startTracing({ serviceName: "kv-test", exporter });
});
afterAll(() => tracing.shutdown());

const redisSpans = (): ReadableSpan[] => exporter.getFinishedSpans().filter((s) => s.attributes["db.system.name"] === "redis");

describe.runIf(redisAvailable).each(REDIS_TOPOLOGIES)("Redis command spans (openRedis on Redis, %s)", (topology) => {
  const server = useTestRedisTopology(topology);
  let kv: RedisResource;
  beforeAll(async () => {
    kv = await openRedis(server.url, "redis:cart", { service: "order" });
  });
  afterAll(() => kv.close());
  beforeEach(() => exporter.reset());

  it("gives each command inside a trace a CLIENT child span named after the command, without keys or values", async () => {
    const secret = "refresh-token-7f3a9c";
    const request = await inSpan("POST /api/v1/cart/items", { kind: SpanKind.SERVER }, async (span) => {
      await kv.client.set(`session:${secret}`, secret, "EX", 60);
      expect(await kv.client.get(`session:${secret}`)).toBe(secret);
      await kv.client.pipeline().hset(`cart:${secret}`, "book", "2").hgetall(`cart:${secret}`).exec();
      return span.spanContext();
    });

    const spans = redisSpans();
    expect(spans.map((s) => s.name)).toEqual(["redis SET", "redis GET", "redis HSET", "redis HGETALL"]);
    for (const s of spans) {
      expect(s.kind).toBe(SpanKind.CLIENT);
      expect(s.spanContext().traceId).toBe(request.traceId);
      expect(s.parentSpanContext?.spanId).toBe(request.spanId);
      expect(s.attributes).toEqual({
        "db.system.name": "redis",
        "db.operation.name": s.name.slice("redis ".length),
        "db.namespace": "0",
        "bookstore.service": "order",
      });
    }
    expect(JSON.stringify(spans.map((s) => [s.name, s.attributes, s.events]))).not.toContain(secret);
  });

  it("makes no span for a command outside a trace (background polling, readiness probes)", async () => {
    await kv.client.set("poll:cursor", "1");
    expect(await kv.ready()).toBe(true);
    await inSpan("a traced call afterwards", {}, () => kv.client.get("poll:cursor"));
    expect(redisSpans().map((s) => s.name)).toEqual(["redis GET"]);
  });

  it("marks a failed command's span as an error, naming the error class but not its message", async () => {
    await kv.client.set("plain-string", "x");
    await inSpan("request", {}, () => expect(kv.client.hget("plain-string", "field")).rejects.toThrow(/WRONGTYPE/));
    const [failed] = redisSpans();
    expect(failed?.name).toBe("redis HGET");
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed?.attributes["error.type"]).toBe("ReplyError");
    expect(JSON.stringify(failed?.attributes)).not.toContain("WRONGTYPE");
  });

  it("keeps the connection's own traffic (handshake, resends after a reconnect) out of traces, even when opened in one", async () => {
    // A client opened inside a trace (as a lazily opened one would be) must not tie its socket to that trace.
    const reconnecting = await inSpan("lazy open", {}, () => openRedis(server.url, "redis:reconnecting"));
    try {
      exporter.reset();
      await inSpan("request", {}, async () => {
        reconnecting.client.disconnect(true);
        expect(await reconnecting.client.incr("reconnect-counter")).toBe(1);
      });
      await eventually(() => expect(redisSpans().map((s) => s.name)).toEqual(["redis INCR"]));
      expect(redisSpans()[0]?.attributes["bookstore.service"]).toBeUndefined(); // no service given, none claimed
    } finally {
      await reconnecting.close();
    }
  });
});
