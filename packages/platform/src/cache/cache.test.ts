import { describe, expect, it } from "vitest";
import { LruCache, RedisCache, type Cache } from "./index.js";
import { REDIS_TOPOLOGIES, redisAvailable, useTestRedisTopology } from "../testing/index.js";

function cacheContract(name: string, make: () => Cache) {
  it(`${name}: stores, expires and deletes`, async () => {
    const cache = make();
    const key = `k${Math.random()}`;
    await cache.set(key, "v", 60_000);
    expect(await cache.get(key)).toBe("v");
    await cache.delete(key);
    expect(await cache.get(key)).toBeUndefined();
    await cache.set(key, "short", 30);
    await new Promise((r) => setTimeout(r, 80)); // the TTL itself is what is under test
    expect(await cache.get(key)).toBeUndefined();
  });
}

describe("LruCache", () => {
  cacheContract("lru", () => new LruCache(100));
  it("evicts the least recently used entry beyond its capacity", async () => {
    const cache = new LruCache(2);
    await cache.set("a", "1", 60_000);
    await cache.set("b", "2", 60_000);
    await cache.get("a");
    await cache.set("c", "3", 60_000);
    expect(await cache.get("b")).toBeUndefined();
    expect(await cache.get("a")).toBe("1");
  });
});

describe.runIf(redisAvailable).each(REDIS_TOPOLOGIES)("RedisCache on Redis (%s)", (topology) => {
  const t = useTestRedisTopology(topology);
  cacheContract("redis", () => new RedisCache(t.redis.client));
});
