import { LRUCache } from "lru-cache";

export interface SlidingWindowOptions {
  /** Events allowed per key inside one window. */
  limit: number;
  windowMs: number;
  /** Keys tracked at once; the least recently touched are forgotten first, so memory stays bounded. */
  maxKeys?: number;
  now?: () => number;
}

/**
 * In-memory sliding-window log: per key, the times of the events inside the last window.
 * Used for failed logins (per username + IP) and registrations (per IP). One process only:
 * TODO(issue 5): a Redis-backed variant so the limits hold across gateway replicas.
 */
export class SlidingWindowLimiter {
  private readonly events: LRUCache<string, number[]>;
  private readonly now: () => number;

  constructor(private readonly opts: SlidingWindowOptions) {
    this.events = new LRUCache({ max: opts.maxKeys ?? 100_000 });
    this.now = opts.now ?? Date.now;
  }

  /** Seconds until the key may act again, or undefined while it is under the limit. */
  blockedFor(key: string): number | undefined {
    const times = this.live(key);
    if (times.length < this.opts.limit) return undefined;
    // The oldest event still counted must leave the window before another is allowed.
    const oldest = times[times.length - this.opts.limit] ?? this.now();
    return Math.max(1, Math.ceil((oldest + this.opts.windowMs - this.now()) / 1000));
  }

  record(key: string): void {
    this.events.set(key, [...this.live(key), this.now()]);
  }

  /** Checks and counts in one step: the answer is the wait when blocked (nothing recorded then). */
  consume(key: string): number | undefined {
    const wait = this.blockedFor(key);
    if (wait === undefined) this.record(key);
    return wait;
  }

  reset(key: string): void {
    this.events.delete(key);
  }

  private live(key: string): number[] {
    const since = this.now() - this.opts.windowMs;
    // Kept short: never more than `limit` entries are needed to answer.
    return (this.events.get(key) ?? []).filter((t) => t > since).slice(-this.opts.limit);
  }
}
