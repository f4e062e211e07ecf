import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { Code, ConnectError } from "@connectrpc/connect";
import { AppError, notFound, Reason } from "../errors/index.js";
import { InProcessEventBus, RedisEventBus, type EventBus } from "../events/index.js";
import { eventually, REDIS_TOPOLOGIES, redisAvailable, useTestRedisTopology } from "../testing/index.js";
import { RedisSharedTier, type SharedTier } from "./shared-tier.js";
import { TieredCache } from "./tiered-cache.js";

const logger = pino({ level: "silent" });

/** The source of truth the cache sits in front of: a map, with every load counted and optionally held back. */
class Source {
  readonly rows = new Map<string, string>();
  loads = 0;
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;

  /** Loads started from now on wait until `release()`. */
  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    this.open?.();
    this.gate = undefined;
  }

  load = async (key: string): Promise<string> => {
    this.loads++;
    const value = this.rows.get(key); // read before waiting: what a DB read at load start would see
    if (this.gate) await this.gate;
    if (value === undefined) throw notFound("row", key);
    return value;
  };
}

interface Setup {
  l1TtlMs?: number;
  negativeTtlMs?: number;
  l2?: { tier: SharedTier; ttlMs: number };
  bus?: EventBus;
}

function cacheOver(source: Source, s: Setup = {}): TieredCache<void> {
  return new TieredCache<void>({
    name: "test",
    l1: { maxEntries: 1000, ttlMs: s.l1TtlMs ?? 60_000 },
    l2: s.l2,
    negativeTtlMs: s.negativeTtlMs ?? 60_000,
    load: (key) => source.load(key),
    notFound: (key) => notFound("row", key),
    invalidation: s.bus ? { bus: s.bus, channel: "row.invalidate" } : undefined,
    logger,
  });
}

const reasonOf = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: unknown) => (e instanceof AppError ? e.reason : String(e)),
  );

describe("TieredCache (L1 only)", () => {
  it("coalesces 100 concurrent misses for one key into one load", async () => {
    const source = new Source();
    source.rows.set("a", "A");
    const cache = cacheOver(source);
    source.hold();
    const all = Promise.all(Array.from({ length: 100 }, () => cache.get("a")));
    source.release();
    expect(await all).toEqual(Array(100).fill("A"));
    expect(source.loads).toBe(1);
    expect(cache.stats()).toMatchObject({ loads: 1, coalesced: 99, l1Misses: 100 });
    expect(cache.peek("a")).toBe("A");
    expect(source.loads).toBe(1);
  });

  it("remembers a NOT_FOUND for the negative TTL, then asks the source again", async () => {
    const source = new Source();
    const cache = cacheOver(source, { negativeTtlMs: 40 });
    expect(await reasonOf(cache.get("ghost"))).toBe(Reason.NOT_FOUND);
    expect(await reasonOf(cache.get("ghost"))).toBe(Reason.NOT_FOUND);
    expect(source.loads).toBe(1);
    expect(cache.stats()).toMatchObject({ loadsNotFound: 1, negativeHits: 1 });
    expect(cache.peek("ghost")).toBeUndefined(); // the warm path never answers a remembered miss as a value
    source.rows.set("ghost", "now here");
    await eventually(async () => expect(await cache.get("ghost")).toBe("now here"));
    expect(source.loads).toBe(2);
  });

  it("recognizes NOT_FOUND the way RPC clients surface it (wrapped by Connect, or as a bare Connect code)", async () => {
    const errors = [
      new ConnectError("book not found", Code.Unknown, undefined, undefined, notFound("book", "w")),
      new ConnectError("not found", Code.NotFound),
    ];
    const cache = new TieredCache<void>({
      name: "test",
      l1: { maxEntries: 10, ttlMs: 60_000 },
      negativeTtlMs: 60_000,
      load: (key) => Promise.reject(errors[Number(key)] ?? new Error("no such case")),
      notFound: (key) => notFound("book", key),
      logger,
    });
    for (const key of ["0", "1"]) {
      await expect(cache.get(key)).rejects.toBeInstanceOf(ConnectError);
      expect(await reasonOf(cache.get(key))).toBe(Reason.NOT_FOUND); // remembered, answered with notFound(key)
    }
    expect(cache.stats()).toMatchObject({ loads: 2, loadsNotFound: 2, negativeHits: 2 });
  });

  it("does not remember other failures", async () => {
    const cache = new TieredCache<void>({
      name: "test",
      l1: { maxEntries: 10, ttlMs: 60_000 },
      negativeTtlMs: 60_000,
      load: () => Promise.reject(new AppError(Reason.UNAVAILABLE, "down")),
      notFound: (key) => notFound("row", key),
      logger,
    });
    expect(await reasonOf(cache.get("a"))).toBe(Reason.UNAVAILABLE);
    expect(await reasonOf(cache.get("a"))).toBe(Reason.UNAVAILABLE);
    expect(cache.stats()).toMatchObject({ loads: 2, loadsFailed: 2, negativeHits: 0 });
  });

  it("expires L1 entries after their TTL", async () => {
    const source = new Source();
    source.rows.set("a", "v1");
    const cache = cacheOver(source, { l1TtlMs: 30 });
    expect(await cache.get("a")).toBe("v1");
    source.rows.set("a", "v2");
    expect(cache.peek("a")).toBe("v1");
    await eventually(() => expect(cache.peek("a")).toBeUndefined());
    expect(await cache.get("a")).toBe("v2");
    expect(source.loads).toBe(2);
  });

  it("does not cache a load that overlapped an invalidation of its key; later readers start a fresh load", async () => {
    const source = new Source();
    source.rows.set("a", "old");
    const cache = cacheOver(source);
    source.hold();
    const overlapped = cache.get("a"); // reads "old", then waits
    await eventually(() => expect(source.loads).toBe(1));
    source.rows.set("a", "new");
    cache.invalidateLocal(["a"]);
    const after = cache.get("a"); // must not join the flight that read "old"
    source.release();
    expect(await overlapped).toBe("old");
    expect(await after).toBe("new");
    expect(source.loads).toBe(2);
    expect(cache.peek("a")).toBe("new");
    expect(cache.stats().staleDiscards).toBe(1);
  });

  it("invalidate() reaches another cache on the same bus, which drops its entry", async () => {
    const bus = new InProcessEventBus();
    const source = new Source();
    source.rows.set("a", "v1");
    const [one, two] = [cacheOver(source, { bus }), cacheOver(source, { bus })];
    await Promise.all([one.get("a"), two.get("a")]);
    source.rows.set("a", "v2");
    await one.invalidate("a");
    expect(one.peek("a")).toBeUndefined();
    await eventually(() => expect(two.peek("a")).toBeUndefined());
    expect(await two.get("a")).toBe("v2");
    one.close();
    two.close();
  });
});

describe.runIf(redisAvailable).each(REDIS_TOPOLOGIES)("TieredCache with L2 on Redis (%s)", (topology) => {
  const redis = useTestRedisTopology(topology);
  let busA: RedisEventBus;
  let busB: RedisEventBus;
  let prefixN = 0;
  /** A fresh key space per test so tests never see each other's entries. */
  const tier = () => new RedisSharedTier(redis.redis.client, `t${++prefixN}:`);

  beforeAll(() => {
    // Two independent connections, as two gateway processes would have.
    busA = new RedisEventBus(redis.url, "tiered:");
    busB = new RedisEventBus(redis.url, "tiered:");
  });
  afterAll(async () => {
    await busA.close();
    await busB.close();
  });

  it("coalesces 100 concurrent misses into one L2 read and one load; another process then hits L2", async () => {
    const source = new Source();
    source.rows.set("a", "A");
    const shared = tier();
    const first = cacheOver(source, { l2: { tier: shared, ttlMs: 60_000 } });
    const results = await Promise.all(Array.from({ length: 100 }, () => first.get("a")));
    expect(new Set(results)).toEqual(new Set(["A"]));
    expect(first.stats()).toMatchObject({ loads: 1, l2Misses: 1, coalesced: 99 });

    const second = cacheOver(source, { l2: { tier: shared, ttlMs: 60_000 } });
    expect(await Promise.all(Array.from({ length: 100 }, () => second.get("a")))).toEqual(Array(100).fill("A"));
    expect(second.stats()).toMatchObject({ loads: 0, l2Hits: 1, coalesced: 99 });
    expect(source.loads).toBe(1);
  });

  it("shares a remembered NOT_FOUND through L2", async () => {
    const source = new Source();
    const shared = tier();
    const first = cacheOver(source, { l2: { tier: shared, ttlMs: 60_000 } });
    expect(await reasonOf(first.get("ghost"))).toBe(Reason.NOT_FOUND);
    const second = cacheOver(source, { l2: { tier: shared, ttlMs: 60_000 } });
    expect(await reasonOf(second.get("ghost"))).toBe(Reason.NOT_FOUND);
    expect(await reasonOf(second.get("ghost"))).toBe(Reason.NOT_FOUND);
    expect(source.loads).toBe(1);
    expect(second.stats()).toMatchObject({ loads: 0, l2Hits: 1, negativeHits: 2 });
  });

  it("expires L2 entries after the L2 TTL", async () => {
    const source = new Source();
    source.rows.set("a", "v1");
    const shared = tier();
    expect(await cacheOver(source, { l1TtlMs: 0, l2: { tier: shared, ttlMs: 50 } }).get("a")).toBe("v1");
    source.rows.set("a", "v2");
    const reader = cacheOver(source, { l1TtlMs: 0, l2: { tier: shared, ttlMs: 50 } });
    await eventually(async () => expect(await reader.get("a")).toBe("v2"));
    expect(source.loads).toBe(2);
  });

  it("invalidates across processes: two caches on two Redis event bus connections", async () => {
    const source = new Source();
    source.rows.set("a", "v1");
    const shared = tier();
    const one = cacheOver(source, { l2: { tier: shared, ttlMs: 60_000 }, bus: busA });
    const two = cacheOver(source, { l2: { tier: shared, ttlMs: 60_000 }, bus: busB });
    await Promise.all([busA.settled(), busB.settled()]);
    expect(await one.get("a")).toBe("v1");
    expect(await two.get("a")).toBe("v1"); // from L2
    expect(source.loads).toBe(1);

    source.rows.set("a", "v2");
    await one.invalidate("a");
    expect(await one.get("a")).toBe("v2"); // L2 was deleted too, so this is a load
    await eventually(() => expect(two.peek("a")).not.toBe("v1"));
    expect(await two.get("a")).toBe("v2");
    one.close();
    two.close();
  });

  it("never writes to L2 what a load read before another process invalidated the key", async () => {
    const source = new Source();
    source.rows.set("a", "old");
    const shared = tier();
    // No bus on the slow process: only the L2 version check can stop it.
    const slow = cacheOver(source, { l2: { tier: shared, ttlMs: 60_000 } });
    const writer = cacheOver(source, { l2: { tier: shared, ttlMs: 60_000 } });
    source.hold();
    const overlapped = slow.get("a");
    await eventually(() => expect(source.loads).toBe(1));
    source.rows.set("a", "new");
    await writer.invalidate("a");
    source.release();
    expect(await overlapped).toBe("old");
    expect(slow.stats().staleDiscards).toBe(1);

    const fresh = cacheOver(source, { l2: { tier: shared, ttlMs: 60_000 } });
    expect(await fresh.get("a")).toBe("new");
    expect(fresh.stats()).toMatchObject({ l2Misses: 1, loads: 1 });
  });

  it("RedisSharedTier: a write with the version read before an invalidation is refused", async () => {
    const shared = tier();
    const before = await shared.read("k");
    expect(before).toEqual({ value: undefined, version: "0" });
    await shared.invalidate(["k", "other"]);
    expect(await shared.writeIfUnchanged("k", "stale", 60_000, before.version)).toBe(false);
    const after = await shared.read("k");
    expect(after.value).toBeUndefined();
    expect(await shared.writeIfUnchanged("k", "fresh", 60_000, after.version)).toBe(true);
    expect((await shared.read("k")).value).toBe("fresh");
  });

  it("RedisSharedTier: invalidates many keys at once, wherever their slots live", async () => {
    const shared = tier();
    const keys = Array.from({ length: 24 }, (_, i) => `book:${i}`);
    const seen = await Promise.all(keys.map((k) => shared.read(k)));
    await Promise.all(keys.map((k, i) => shared.writeIfUnchanged(k, "cached", 60_000, seen[i]?.version ?? "")));
    if (redis.cluster) {
      // The point on a Cluster: the batch spans every master (one pipeline could not).
      const masters = await Promise.all(keys.map(async (k) => (await redis.cluster?.masterOf(`t${prefixN}:{${k}}`))?.port));
      expect(new Set(masters).size).toBe(3);
    }
    await shared.invalidate(keys);
    for (const [i, k] of keys.entries()) {
      expect((await shared.read(k)).value).toBeUndefined();
      expect(await shared.writeIfUnchanged(k, "stale", 60_000, seen[i]?.version ?? "")).toBe(false);
    }
  });
});
