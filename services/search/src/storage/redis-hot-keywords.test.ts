import { afterAll, describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import { eventually, keysEverywhere, REDIS_TOPOLOGIES, redisAvailable, useTestRedisTopology } from "@bookstore/platform/testing";
import { Registry } from "@bookstore/platform/metrics";
import { SearchIndex } from "../domain/search-index.js";
import { registerSearchMetrics } from "../observability/search-metrics.js";
import { RedisHotKeywords } from "./redis-hot-keywords.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe.skipIf(!redisAvailable).each(REDIS_TOPOLOGIES)("hot keywords in Redis (%s)", (topology) => {
  const server = useTestRedisTopology(topology);
  const made: RedisHotKeywords[] = [];
  afterAll(async () => {
    for (const hot of made) await hot.close();
  });

  /** A search instance's view of the shared counts; each test uses its own keywords and its own months apart. */
  const instance = (clock: FakeClock, maxKeysPerBucket = 1_000) => {
    const errors: unknown[] = [];
    const hot = new RedisHotKeywords(server.redis.client, clock, { maxKeysPerBucket, flushIntervalMs: 60_000, onError: (e) => errors.push(e) });
    made.push(hot);
    return Object.assign(hot, { errors });
  };
  const mine = (prefix: string, top: readonly { keyword: string; count: number }[]) => top.filter((k) => k.keyword.startsWith(prefix));

  it("adds up what every instance counted, most searched first, ties by keyword", async () => {
    const clock = new FakeClock(new Date("2030-03-01T10:00:00Z"));
    const [a, b] = [instance(clock), instance(clock)];
    for (const k of ["t1-go", "t1-rust", "t1-go", "t1-java"]) a.record(k);
    for (const k of ["t1-rust", "t1-go", "t1-c", "t1-zig", "t1-java"]) b.record(k);
    await b.flush();
    expect(await a.top("1h", 4)).toEqual([
      { keyword: "t1-go", count: 3 },
      { keyword: "t1-java", count: 2 },
      { keyword: "t1-rust", count: 2 },
      { keyword: "t1-c", count: 1 },
    ]);
    expect(await b.top("24h", 10)).toHaveLength(5);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it("slides the hour by the minute and the day by the hour", async () => {
    const clock = new FakeClock(new Date("2030-05-01T10:00:00Z"));
    const hot = instance(clock);
    hot.record("t2-old");
    await hot.flush();
    clock.advance(30 * MINUTE);
    hot.record("t2-old");
    hot.record("t2-recent");
    await hot.flush();
    clock.advance(31 * MINUTE);
    expect(await hot.top("1h", 10)).toEqual([
      { keyword: "t2-old", count: 1 },
      { keyword: "t2-recent", count: 1 },
    ]);
    expect(await hot.top("24h", 10)).toEqual([
      { keyword: "t2-old", count: 2 },
      { keyword: "t2-recent", count: 1 },
    ]);
    clock.advance(HOUR);
    expect(await hot.top("1h", 10)).toEqual([]);
    clock.advance(23 * HOUR);
    expect(await hot.top("24h", 10)).toEqual([]);
  });

  it("keeps each bucket to its member cap and lets it expire after its window", async () => {
    const clock = new FakeClock(new Date("2030-07-01T10:00:00Z"));
    const hot = instance(clock, 50);
    for (let i = 0; i < 5; i++) hot.record("t3-popular");
    for (let i = 0; i < 500; i++) hot.record(`t3-junk-${i}`);
    await hot.flush();
    const keys = await keysEverywhere(server.redis.client, "{search:hot}:*");
    const minute = `{search:hot}:1h:${Math.floor(clock.now().getTime() / MINUTE)}`;
    const hour = `{search:hot}:24h:${Math.floor(clock.now().getTime() / HOUR)}`;
    expect(keys).toEqual(expect.arrayContaining([minute, hour]));
    expect(await server.redis.client.zcard(minute)).toBe(50);
    expect(await server.redis.client.zcard(hour)).toBe(50);
    // A minute bucket is needed for an hour, an hour bucket for a day (plus a minute of slack for clock skew).
    const minuteTtl = await server.redis.client.pttl(minute);
    const hourTtl = await server.redis.client.pttl(hour);
    expect(minuteTtl).toBeGreaterThan(HOUR);
    expect(minuteTtl).toBeLessThanOrEqual(HOUR + 2 * MINUTE);
    expect(hourTtl).toBeGreaterThan(24 * HOUR);
    expect(hourTtl).toBeLessThanOrEqual(25 * HOUR + MINUTE);
    expect((await hot.top("1h", 1))[0]).toEqual({ keyword: "t3-popular", count: 5 });
    // The merge's temporary set is gone.
    expect((await keysEverywhere(server.redis.client, "{search:hot}:merge:*")).length).toBe(0);
  });

  it("feeds the top-keywords gauge from the shared counts", async () => {
    const clock = new FakeClock(new Date("2030-11-01T10:00:00Z"));
    const [writer, scraped] = [instance(clock), instance(clock)];
    const registry = new Registry();
    registerSearchMetrics(registry, { index: new SearchIndex(), hot: scraped });
    for (let i = 0; i < 3; i++) writer.record("t5-深入理解");
    writer.record("t5-go");
    await writer.flush();
    const series = (await registry.getSingleMetric("search_top_keyword_searches")?.get())?.values ?? [];
    expect(series.map((v) => [v.labels["rank"], v.labels["keyword"], v.value])).toEqual([
      ["1", "t5-深入理解", 3],
      ["2", "t5-go", 1],
    ]);
  });

  it("serves suggest's popularity from a table refreshed in the background", async () => {
    const clock = new FakeClock(new Date("2030-09-01T10:00:00Z"));
    const [writer, reader] = [instance(clock), instance(clock)];
    writer.record("t4-深入理解");
    writer.record("t4-深入理解");
    expect(reader.popularity("t4-深入理解")).toBe(0);
    const fast = new RedisHotKeywords(server.redis.client, clock, { maxKeysPerBucket: 1_000, flushIntervalMs: 20, onError: () => undefined });
    made.push(fast);
    await writer.flush();
    fast.start();
    await eventually(() => expect(fast.popularity("t4-深入理解")).toBe(2));
    expect(mine("t4-", await reader.top("1h", 10))).toEqual([{ keyword: "t4-深入理解", count: 2 }]);
  });
});
