import type { Clock } from "./clock.js";

export interface HotKeyword {
  readonly keyword: string;
  readonly count: number;
}

export interface HotQueriesOptions {
  /** How far back a search counts (1 h). */
  windowMs?: number;
  /** Granularity of the sliding window: counts expire a bucket at a time. */
  bucketMs?: number;
  /** Distinct queries kept; beyond it the least counted are dropped, so memory stays bounded under junk queries. */
  maxKeys?: number;
}

/**
 * Search counts per normalized query over a sliding window, in memory (one search process; Redis in issue 7).
 * Counts live in per-minute buckets plus a running total, so expiring an hour-old minute is one subtraction per key.
 */
export class HotQueries {
  private readonly buckets = new Map<number, Map<string, number>>();
  private readonly totals = new Map<string, number>();
  private readonly windowMs: number;
  private readonly bucketMs: number;
  private readonly maxKeys: number;

  constructor(
    private readonly clock: Clock,
    opts: HotQueriesOptions = {},
  ) {
    this.windowMs = opts.windowMs ?? 3_600_000;
    this.bucketMs = opts.bucketMs ?? 60_000;
    this.maxKeys = opts.maxKeys ?? 10_000;
  }

  get distinct(): number {
    this.expire();
    return this.totals.size;
  }

  record(keyword: string): void {
    if (keyword === "") return;
    this.expire();
    const bucketId = Math.floor(this.clock.now().getTime() / this.bucketMs);
    let bucket = this.buckets.get(bucketId);
    if (!bucket) this.buckets.set(bucketId, (bucket = new Map()));
    bucket.set(keyword, (bucket.get(keyword) ?? 0) + 1);
    this.totals.set(keyword, (this.totals.get(keyword) ?? 0) + 1);
    if (this.totals.size > this.maxKeys) this.evict();
  }

  count(keyword: string): number {
    this.expire();
    return this.totals.get(keyword) ?? 0;
  }

  top(limit: number): HotKeyword[] {
    this.expire();
    return [...this.totals]
      .sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : ka > kb ? 1 : 0))
      .slice(0, limit)
      .map(([keyword, count]) => ({ keyword, count }));
  }

  private expire(): void {
    const oldestKept = Math.floor((this.clock.now().getTime() - this.windowMs) / this.bucketMs) + 1;
    for (const [id, bucket] of this.buckets) {
      if (id >= oldestKept) continue;
      for (const [key, n] of bucket) this.subtract(key, n);
      this.buckets.delete(id);
    }
  }

  /** Drops the least counted tenth at once, so a flood of one-off queries does not sort on every record. */
  private evict(): void {
    const drop = Math.max(this.totals.size - this.maxKeys, Math.ceil(this.maxKeys / 10));
    const victims = [...this.totals].sort(([, a], [, b]) => a - b).slice(0, drop);
    for (const [key] of victims) {
      this.totals.delete(key);
      for (const bucket of this.buckets.values()) bucket.delete(key);
    }
  }

  private subtract(key: string, n: number): void {
    const left = (this.totals.get(key) ?? 0) - n;
    if (left > 0) this.totals.set(key, left);
    else this.totals.delete(key);
  }
}
