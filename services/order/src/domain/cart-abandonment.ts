import type { Clock } from "./clock.js";

export interface CartAbandonmentOptions {
  windowMs: number;
  /** Open carts remembered; beyond it the oldest are forgotten (their creation still counts, so the ratio errs high). */
  maxOpenCarts?: number;
}

/** Sub-windows the window expires by: it slides in sixtieths of its length. */
const BUCKETS_PER_WINDOW = 60;

/**
 * 1 − converted / created among carts created in the last window (0 when none was), as seen by this process.
 * A conversion counts toward the bucket its cart was created in, so a cart created before the window never
 * counts as converted inside it. A cart created on another process (Redis carts are shared) is not known here:
 * the cluster-wide ratio is recorded in Prometheus from the counters.
 */
export class CartAbandonment {
  private readonly buckets = new Map<number, { created: number; converted: number }>();
  /** userId → bucket of the open cart's creation, oldest first (Map keeps insertion order; a new cart re-inserts). */
  private readonly open = new Map<string, number>();
  private readonly bucketMs: number;
  private readonly maxOpenCarts: number;

  constructor(
    private readonly clock: Clock,
    private readonly opts: CartAbandonmentOptions,
  ) {
    this.bucketMs = Math.max(1, Math.ceil(opts.windowMs / BUCKETS_PER_WINDOW));
    this.maxOpenCarts = opts.maxOpenCarts ?? 100_000;
  }

  created(userId: string): void {
    this.expire();
    const bucketId = this.currentBucket();
    let bucket = this.buckets.get(bucketId);
    if (!bucket) this.buckets.set(bucketId, (bucket = { created: 0, converted: 0 }));
    bucket.created++;
    this.open.delete(userId);
    this.open.set(userId, bucketId);
    if (this.open.size > this.maxOpenCarts) {
      const oldest = this.open.keys().next();
      if (!oldest.done) this.open.delete(oldest.value);
    }
  }

  converted(userId: string): void {
    this.expire();
    const bucketId = this.open.get(userId);
    if (bucketId === undefined) return;
    this.open.delete(userId);
    const bucket = this.buckets.get(bucketId);
    if (bucket) bucket.converted++;
  }

  ratio(): number {
    this.expire();
    let created = 0;
    let converted = 0;
    for (const b of this.buckets.values()) {
      created += b.created;
      converted += b.converted;
    }
    return created === 0 ? 0 : 1 - converted / created;
  }

  private currentBucket(): number {
    return Math.floor(this.clock.now().getTime() / this.bucketMs);
  }

  private expire(): void {
    const oldestKept = Math.floor((this.clock.now().getTime() - this.opts.windowMs) / this.bucketMs) + 1;
    for (const id of this.buckets.keys()) if (id < oldestKept) this.buckets.delete(id);
    for (const [userId, bucketId] of this.open) {
      if (bucketId >= oldestKept) break;
      this.open.delete(userId);
    }
  }
}
