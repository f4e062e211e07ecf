import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../logger/index.js";
import { eventually, hasRedis, servicesRequired, startRedisCluster, type TestRedisCluster } from "../testing/index.js";
import { RedisEventStream } from "./event-stream.js";

const logger = createLogger({ level: "silent", name: "stream-failover-test" });

describe.runIf(hasRedis() || servicesRequired)("Redis Streams consumers through a Redis Cluster failover", () => {
  let cluster: TestRedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  });
  afterAll(() => cluster?.stop());

  it("keeps consuming after the master holding the stream is SIGKILLed, and stops promptly afterwards", async () => {
    const writer = new RedisEventStream(cluster.url, logger);
    const reader = new RedisEventStream(cluster.url, logger, { blockMs: 1_000, claimIdleMs: 1_000 });
    const seen = new Set<string>();
    const stop = reader.consume("book.updated", "search", async (e) => void seen.add(e.id));
    try {
      await eventually(async () => {
        await writer.append({ id: "before", topic: "book.updated", key: "1", payload: "{}" });
        expect(seen.has("before")).toBe(true);
      }, { timeoutMs: 10_000, intervalMs: 200 });

      await cluster.killMaster({ key: RedisEventStream.keyOf("book.updated") });
      // Appends during the failover wait for the promoted replica (or fail and are retried, as the outbox would).
      for (let i = 0; i < 20; i++)
        await eventually(() => writer.append({ id: `after-${i}`, topic: "book.updated", key: "1", payload: "{}" }), { timeoutMs: 20_000, intervalMs: 200 });
      await cluster.waitUntilHealthy();
      await eventually(() => expect([...seen].filter((id) => id.startsWith("after-"))).toHaveLength(20), { timeoutMs: 20_000 });
    } finally {
      const stopping = Date.now();
      await stop();
      await reader.close();
      await writer.close();
      // A consumer blocked in XREADGROUP when the cluster changed must still let go on shutdown.
      expect(Date.now() - stopping).toBeLessThan(10_000);
    }
  }, 90_000);
});
