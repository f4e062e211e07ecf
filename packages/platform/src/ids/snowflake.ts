/** 2024-01-01T00:00:00Z: ids stay 18 digits for decades and sort by creation time. */
export const SNOWFLAKE_EPOCH_MS = 1_704_067_200_000;
const WORKER_BITS = 10n;
const SEQUENCE_BITS = 12n;
const MAX_SEQUENCE = (1 << Number(SEQUENCE_BITS)) - 1;
/** How far the clock may step back before we refuse instead of waiting it out. */
const MAX_BACKWARD_WAIT_MS = 2_000;

export interface Ids {
  next(): string;
}

export class ClockMovedBackwardsError extends Error {}

export interface SnowflakeOptions {
  /** Clock; tests pass a fake one. */
  nowMs?: () => number;
  /** Last ms a previous holder of this worker id issued at: ids before it could repeat theirs. */
  notBeforeMs?: number;
  /** Called before every id; throws when this process may no longer use its worker id (lost lease). */
  guard?: () => void;
}

/** 41-bit ms time | 10-bit worker | 12-bit sequence. Never repeats an id within a worker, even if the clock steps back. */
export class Snowflake implements Ids {
  private lastMs: number;
  private sequence = 0;
  private readonly nowMs: () => number;
  private readonly guard: (() => void) | undefined;

  constructor(
    readonly workerId: number,
    opts: SnowflakeOptions | (() => number) = {},
  ) {
    if (!Number.isInteger(workerId) || workerId < 0 || workerId > 1023) throw new RangeError(`worker id ${workerId}`);
    const o = typeof opts === "function" ? { nowMs: opts } : opts;
    this.nowMs = o.nowMs ?? Date.now;
    this.guard = o.guard;
    // Starting at the previous holder's last ms makes "our clock is behind theirs" look like a step back.
    this.lastMs = o.notBeforeMs ?? -1;
    this.sequence = o.notBeforeMs === undefined ? 0 : MAX_SEQUENCE;
  }

  /** The ms of the newest id issued (or the starting point); persisted with the lease for the next holder. */
  get lastIssuedMs(): number {
    return this.lastMs;
  }

  next(): string {
    this.guard?.();
    let ms = this.nowMs();
    if (ms < this.lastMs) {
      if (this.lastMs - ms > MAX_BACKWARD_WAIT_MS)
        throw new ClockMovedBackwardsError(`clock moved back ${this.lastMs - ms} ms; refusing to issue ids`);
      while (ms < this.lastMs) ms = this.nowMs(); // short step back: spin until we pass the last issued ms
    }
    if (ms === this.lastMs) {
      this.sequence = (this.sequence + 1) & MAX_SEQUENCE;
      if (this.sequence === 0) while (ms <= this.lastMs) ms = this.nowMs(); // 4096 ids in this ms: wait for the next
    } else {
      this.sequence = 0;
    }
    this.lastMs = ms;
    const id =
      (BigInt(ms - SNOWFLAKE_EPOCH_MS) << (WORKER_BITS + SEQUENCE_BITS)) |
      (BigInt(this.workerId) << SEQUENCE_BITS) |
      BigInt(this.sequence);
    return id.toString();
  }
}

export const isSnowflake = (s: string): boolean => /^[1-9]\d{0,18}$/.test(s) && BigInt(s) < 1n << 63n;
