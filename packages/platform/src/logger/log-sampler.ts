/** Per message kind: the first `burst` lines of each second in full, then 1 in `oneIn`. */
export interface SamplingPolicy {
  burst: number;
  oneIn: number;
  /** Distinct kinds tracked per second; beyond it, new kinds share one bucket (bounded memory). */
  maxKinds: number;
}

export const DEFAULT_SAMPLING: SamplingPolicy = { burst: 100, oneIn: 10, maxKinds: 1_000 };

const OVERFLOW_KIND = "\u0000overflow";

/**
 * Decides which info/debug lines of a chatty kind are written. Warnings and errors never reach it: the logger only
 * asks for levels below warn. The window is the wall-clock second, reset as a whole (no per-kind timers).
 */
export class LogSampler {
  private second = -1;
  private counts = new Map<string, number>();
  /** Lines dropped since start, for a metric or a test. */
  dropped = 0;

  constructor(
    private readonly policy: SamplingPolicy = DEFAULT_SAMPLING,
    private readonly nowMs: () => number = Date.now,
  ) {}

  keep(kind: string): boolean {
    const second = Math.floor(this.nowMs() / 1000);
    if (second !== this.second) {
      this.second = second;
      this.counts = new Map();
    }
    const key = this.counts.has(kind) || this.counts.size < this.policy.maxKinds ? kind : OVERFLOW_KIND;
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    if (n <= this.policy.burst || (n - this.policy.burst) % this.policy.oneIn === 0) return true;
    this.dropped++;
    return false;
  }
}
