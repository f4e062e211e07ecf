import { randomUUID } from "node:crypto";
import type { RedisClient } from "@bookstore/platform/kv";
import type { Clock } from "../domain/clock.js";
import { HOT_WINDOWS, WINDOW_SPANS, type HotKeyword, type HotKeywords, type HotWindow } from "../domain/hot-keywords.js";

export interface RedisHotKeywordsOptions {
  /** Members kept per bucket (a sorted set per minute or hour): the least counted beyond it are trimmed. */
  maxKeysPerBucket: number;
  /** Local counts go to Redis this often (one pipeline), and the suggest popularity table is refreshed. */
  flushIntervalMs: number;
  /** Called when Redis fails (flush or refresh): a metric and a warning; the next tick retries. */
  onError: (err: unknown, what: string) => void;
}

/** One hash tag for every key, so the windows' ZUNIONSTORE works on Redis Cluster too. */
const PREFIX = "{search:hot}";
/** Buckets outlive their window by this much, for clocks a little apart between instances. */
const EXPIRY_SLACK_MS = 60_000;
/** Keywords whose hour counts suggest may rank by; the long tail counts as 0 there. */
const POPULAR_TRACKED = 1_000;
const POPULARITY_REFRESH_MS = 5_000;
/** GET /search/hot and the metrics gauge may ask often; one merge per window serves them this long. */
const TOP_CACHE_MS = 1_000;

const bucketKey = (window: HotWindow, bucketId: number) => `${PREFIX}:${window}:${bucketId}`;

/**
 * Hot keywords shared by every search instance: one sorted set per window bucket (ZINCRBY), each with an expiry at
 * the end of its window and trimmed to `maxKeysPerBucket` members, so Redis memory is bounded whatever is typed.
 * A window's top is the ZUNIONSTORE of its buckets. Searches are counted locally and flushed in one pipeline a
 * second, so recording never waits on Redis.
 */
export class RedisHotKeywords implements HotKeywords {
  /** Minute (the smallest bucket) → keyword → searches not yet in Redis. */
  private pending = new Map<number, Map<string, number>>();
  private pendingKeys = 0;
  private popular: ReadonlyMap<string, number> = new Map();
  private popularAtMs = Number.NEGATIVE_INFINITY;
  private readonly topCache = new Map<string, { atMs: number; top: Promise<HotKeyword[]> }>();
  private timer: NodeJS.Timeout | undefined;
  private tick: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly clock: Clock,
    private readonly opts: RedisHotKeywordsOptions,
  ) {}

  start(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => {
      this.tick = this.tick.then(() => this.background());
    }, this.opts.flushIntervalMs);
    this.timer.unref();
  }

  record(keyword: string): void {
    if (keyword === "" || this.closed) return;
    const minute = Math.floor(this.clock.now().getTime() / WINDOW_SPANS["1h"].bucketMs);
    let counts = this.pending.get(minute);
    if (!counts) this.pending.set(minute, (counts = new Map()));
    const known = counts.get(keyword);
    // Redis unreachable for a while: keep counting what is known, drop new keywords beyond the bound.
    if (known === undefined && this.pendingKeys >= this.opts.maxKeysPerBucket * 10) return;
    if (known === undefined) this.pendingKeys++;
    counts.set(keyword, (known ?? 0) + 1);
  }

  popularity(keyword: string): number {
    return this.popular.get(keyword) ?? 0;
  }

  async top(window: HotWindow, limit: number): Promise<HotKeyword[]> {
    // This instance's own searches are in the answer at once; other instances' within a flush interval.
    if (this.pendingKeys > 0) await this.flush();
    const nowMs = this.clock.now().getTime();
    const cacheKey = `${window}:${limit}`;
    const cached = this.topCache.get(cacheKey);
    if (cached && nowMs - cached.atMs < TOP_CACHE_MS && nowMs >= cached.atMs) return cached.top;
    const top = this.merge(window, limit, nowMs);
    this.topCache.set(cacheKey, { atMs: nowMs, top });
    void top.catch(() => this.topCache.delete(cacheKey));
    return top;
  }

  /**
   * Sends the local counts to Redis now (also every flushIntervalMs). A failed flush loses that batch: these are
   * statistics, and a Redis outage must not grow this process's memory.
   */
  async flush(): Promise<void> {
    if (this.pendingKeys === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.pendingKeys = 0;
    const nowMs = this.clock.now().getTime();
    const pipeline = this.redis.pipeline();
    const touched = new Map<string, number>();
    for (const [minute, counts] of batch) {
      for (const window of HOT_WINDOWS) {
        const { windowMs, bucketMs } = WINDOW_SPANS[window];
        const bucketId = Math.floor((minute * WINDOW_SPANS["1h"].bucketMs) / bucketMs);
        const key = bucketKey(window, bucketId);
        for (const [keyword, n] of counts) pipeline.zincrby(key, n, keyword);
        // Relative expiry from this clock: the bucket leaves the window at (bucketId + 1) * bucketMs + windowMs.
        touched.set(key, (bucketId + 1) * bucketMs + windowMs - nowMs + EXPIRY_SLACK_MS);
      }
    }
    for (const [key, ttlMs] of touched) {
      // Lowest counts go first: a flood of one-off queries cannot grow a bucket past the bound.
      pipeline.zremrangebyrank(key, 0, -(this.opts.maxKeysPerBucket + 1));
      pipeline.pexpire(key, Math.max(1, Math.ceil(ttlMs)));
    }
    this.topCache.clear();
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed?.[0]) throw failed[0];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    await this.tick;
    this.closed = true;
    await this.flush().catch((err: unknown) => this.opts.onError(err, "flush"));
  }

  private async background(): Promise<void> {
    if (this.closed) return;
    await this.flush().catch((err: unknown) => this.opts.onError(err, "flush"));
    const nowMs = this.clock.now().getTime();
    if (nowMs - this.popularAtMs < POPULARITY_REFRESH_MS && nowMs >= this.popularAtMs) return;
    try {
      this.popular = new Map((await this.merge("1h", POPULAR_TRACKED, nowMs)).map((k) => [k.keyword, k.count]));
      this.popularAtMs = nowMs;
    } catch (err) {
      this.opts.onError(err, "refresh");
    }
  }

  /**
   * The window's buckets summed into a temporary set, read most counted first. Redis orders equal scores by member
   * in reverse; the members tied at the cut are read again in member order, so ties rank by keyword.
   */
  private async merge(window: HotWindow, limit: number, nowMs: number): Promise<HotKeyword[]> {
    if (limit <= 0) return [];
    const { windowMs, bucketMs } = WINDOW_SPANS[window];
    const current = Math.floor(nowMs / bucketMs);
    const keys = Array.from({ length: windowMs / bucketMs }, (_, i) => bucketKey(window, current - i));
    const tmp = `${PREFIX}:merge:${randomUUID()}`;
    try {
      const [, , ranked] = (await this.redis
        .multi()
        .zunionstore(tmp, keys.length, ...keys)
        .pexpire(tmp, 10_000)
        .zrevrange(tmp, 0, limit - 1, "WITHSCORES")
        .exec()
        .then(throwFirstError)) as [unknown, unknown, string[]];
      const top = pairs(ranked).sort(byCountThenKeyword);
      const last = top.at(-1);
      if (top.length < limit || !last) return top;
      const tied = await this.redis.zrangebyscore(tmp, last.count, last.count, "LIMIT", 0, limit);
      const above = top.filter((k) => k.count > last.count);
      return [...above, ...tied.slice(0, limit - above.length).map((keyword) => ({ keyword, count: last.count }))];
    } finally {
      await this.redis.del(tmp);
    }
  }
}

const byCountThenKeyword = (a: HotKeyword, b: HotKeyword) =>
  b.count - a.count || (a.keyword < b.keyword ? -1 : a.keyword > b.keyword ? 1 : 0);

function pairs(flat: readonly string[]): HotKeyword[] {
  const out: HotKeyword[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push({ keyword: flat[i] ?? "", count: Number(flat[i + 1]) });
  return out;
}

function throwFirstError(results: [Error | null, unknown][] | null): unknown[] {
  const out: unknown[] = [];
  for (const [err, value] of results ?? []) {
    if (err) throw err;
    out.push(value);
  }
  return out;
}
