import type { HotKeyword, WindowSpan } from "./hot-keywords.js";

/**
 * Counts per key over a sliding window, in memory. Counts live in buckets plus a running total, so expiring an old
 * bucket is one subtraction per key. At most `maxKeys` distinct keys: beyond that the least counted are dropped,
 * so memory stays bounded under a flood of one-off queries.
 */
export class SlidingCounts {
  private readonly buckets = new Map<number, Map<string, number>>();
  private readonly totals = new Map<string, number>();

  constructor(
    private readonly span: WindowSpan,
    private readonly maxKeys: number,
  ) {}

  get distinct(): number {
    return this.totals.size;
  }

  add(key: string, nowMs: number): void {
    this.expire(nowMs);
    const bucketId = Math.floor(nowMs / this.span.bucketMs);
    let bucket = this.buckets.get(bucketId);
    if (!bucket) this.buckets.set(bucketId, (bucket = new Map()));
    bucket.set(key, (bucket.get(key) ?? 0) + 1);
    this.totals.set(key, (this.totals.get(key) ?? 0) + 1);
    if (this.totals.size > this.maxKeys) this.evict();
  }

  count(key: string, nowMs: number): number {
    this.expire(nowMs);
    return this.totals.get(key) ?? 0;
  }

  top(limit: number, nowMs: number): HotKeyword[] {
    this.expire(nowMs);
    return [...this.totals]
      .sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : ka > kb ? 1 : 0))
      .slice(0, limit)
      .map(([keyword, count]) => ({ keyword, count }));
  }

  private expire(nowMs: number): void {
    const oldestKept = Math.floor((nowMs - this.span.windowMs) / this.span.bucketMs) + 1;
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
