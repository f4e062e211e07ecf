/**
 * A bounded queue drained by a fixed number of concurrent workers. Admission is two-step so a batch spanning
 * several pools is taken whole or not at all: `reserve` holds slots synchronously (nothing can take them in
 * between), `commit` makes the items runnable once they are recorded, `release` gives the slots back.
 * Capacity bounds waiting items; running ones hold a worker instead.
 */
export class WorkPool<T> {
  private readonly waiting: T[] = [];
  private reserved = 0;
  private active = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private maxWaiting: number,
    private maxRunning: number,
    private readonly work: (item: T) => Promise<void>,
    private readonly onError: (e: unknown) => void,
  ) {}

  get capacity(): number {
    return this.maxWaiting;
  }

  get workers(): number {
    return this.maxRunning;
  }

  /**
   * New bounds (hot-reloaded config). Nothing queued is dropped: a smaller capacity only refuses new items until the
   * queue drains below it, and fewer workers means running items finish and fewer start.
   */
  resize(capacity: number, workers: number): void {
    this.maxWaiting = capacity;
    this.maxRunning = workers;
    this.pump();
  }

  /** Waiting and reserved items (not running ones). */
  get depth(): number {
    return this.waiting.length + this.reserved;
  }

  get running(): number {
    return this.active;
  }

  room(): number {
    return this.capacity - this.depth;
  }

  /** Holds n slots; false (and nothing held) when fewer are free. */
  reserve(n: number): boolean {
    if (n > this.room()) return false;
    this.reserved += n;
    return true;
  }

  release(n: number): void {
    this.reserved -= n;
    this.settle();
  }

  /** Turns reserved slots into runnable items, in order. */
  commit(items: readonly T[]): void {
    this.reserved -= items.length;
    this.waiting.push(...items);
    this.pump();
  }

  /** Resolves once nothing waits, is reserved or runs. */
  idle(): Promise<void> {
    if (this.depth === 0 && this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.active < this.workers) {
      const item = this.waiting.shift();
      if (item === undefined) break;
      this.active++;
      this.work(item).then(
        () => this.finished(),
        (e: unknown) => {
          this.onError(e);
          this.finished();
        },
      );
    }
  }

  private finished(): void {
    this.active--;
    this.pump();
    this.settle();
  }

  private settle(): void {
    if (this.depth === 0 && this.active === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
