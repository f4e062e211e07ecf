import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, hasRedis, servicesRequired, startRedisCluster, type TestRedisCluster } from "../testing/index.js";
import { RedisEventBus } from "./index.js";

describe.runIf(hasRedis() || servicesRequired)("RedisEventBus through a Redis Cluster node failure", () => {
  let cluster: TestRedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  });
  afterAll(() => cluster?.stop());

  it("re-subscribes elsewhere when the node holding its subscription dies, so invalidations keep arriving", async () => {
    const publisher = new RedisEventBus(cluster.url, "failover:");
    const subscriber = new RedisEventBus(cluster.url, "failover:");
    const seen: string[] = [];
    subscriber.subscribe("book.changed", (p) => seen.push(p));
    try {
      await subscriber.settled();
      await eventually(async () => {
        await publisher.publish("book.changed", "before");
        expect(seen).toContain("before");
      }, { intervalMs: 100 });
      // The node serving the subscription: the one with a connection in subscriber mode.
      const ports = (await cluster.nodes()).map((n) => n.port);
      const lists = await Promise.all(ports.map(async (port) => ({ port, clients: String(await cluster.call(port, "CLIENT", "LIST")) })));
      const holder = lists.find((l) => / sub=1 /.test(l.clients))?.port;
      expect(holder).toBeDefined();
      await cluster.killNode(holder ?? 0);
      await cluster.waitUntilHealthy();
      await eventually(async () => {
        await publisher.publish("book.changed", "after");
        expect(seen).toContain("after");
      }, { timeoutMs: 20_000, intervalMs: 200 });
    } finally {
      await subscriber.close();
      await publisher.close();
    }
  }, 60_000);
});
