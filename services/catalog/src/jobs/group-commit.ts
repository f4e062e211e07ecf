interface Pending<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: items added while a write is in flight wait and go out together in the next one, so N
 * concurrent callers cost one transaction instead of N, and there is never more than one write in flight.
 * `run` answers one result per item, in order; if it throws, every item of that batch rejects.
 * The first batch starts once the caller's synchronous code is done (same-tick adds join it).
 */
export class GroupCommit<T, R> {
  private pending: Pending<T, R>[] = [];
  private draining = false;
  private idleWaiters: (() => void)[] = [];
  /** When this instance started writing in the current event-loop turn. */
  private turnStart: number | undefined;

  constructor(
    private readonly opts: {
      maxBatch: number;
      run: (items: readonly T[]) => Promise<readonly R[]>;
      /** Most time spent writing in one event-loop turn before waiting for the next; undefined: never wait. */
      sliceMs?: number;
    },
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.draining) return;
      this.draining = true;
      // Items added in the same tick (a pool starting several workers at once) join the first batch.
      queueMicrotask(() => void this.drain());
    });
  }

  /**
   * An embedded SQLite write completes without real I/O, so a chain of batches (each one's callers adding the
   * next items) would never give the event loop back: after sliceMs of batches in one turn, wait for the next
   * turn, or a long drain would hold off HTTP requests (high-priority submissions among them). Yielding after
   * every batch instead would make each task wait out whole event-loop turns under load.
   */
  private async yieldIfLong(): Promise<void> {
    const slice = this.opts.sliceMs;
    if (slice === undefined) return;
    if (this.turnStart !== undefined && performance.now() - this.turnStart < slice) return;
    if (this.turnStart !== undefined) await new Promise<void>((resolve) => setImmediate(resolve));
    this.turnStart = performance.now();
    setImmediate(() => (this.turnStart = undefined)); // runs first thing next turn: a new turn, a new slice
  }

  /** Resolves once nothing is pending or being written. */
  idle(): Promise<void> {
    if (!this.draining) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      await this.yieldIfLong();
      const batch = this.pending.splice(0, this.opts.maxBatch);
      try {
        const results = await this.opts.run(batch.map((p) => p.item));
        if (results.length !== batch.length) throw new Error(`group commit: ${results.length} results for ${batch.length} items`);
        batch.forEach((p, i) => p.resolve(results[i] as R));
      } catch (e) {
        for (const p of batch) p.reject(e);
      }
    }
    this.draining = false;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
