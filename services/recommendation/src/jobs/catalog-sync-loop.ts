import type { Logger } from "@bookstore/platform/logger";

/** Longest pause after repeated failures (the catalog is down): it is asked again at least this often. */
const MAX_BACKOFF_MS = 30_000;

/** Runs the mirror sync at start and every `intervalMs`; after failures it retries with a growing pause, at most 30 s. */
export class CatalogSyncLoop {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private failures = 0;
  private current: Promise<void> | undefined;

  constructor(
    private readonly sync: { execute(): Promise<number> },
    private readonly opts: { intervalMs: number; logger: Logger },
  ) {}

  start(): void {
    if (this.timer || this.current || this.stopped) return;
    this.tick();
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }

  private tick(): void {
    this.current = this.sync.execute().then(
      () => {
        this.failures = 0;
      },
      (err: unknown) => {
        this.failures += 1;
        this.opts.logger.warn({ err, failures: this.failures }, "catalog sync failed; recommendations use the last known catalogue");
      },
    );
    void this.current.then(() => {
      this.current = undefined;
      if (this.stopped) return;
      const { intervalMs } = this.opts;
      const delay = this.failures === 0 ? intervalMs : Math.min(MAX_BACKOFF_MS, intervalMs * 2 ** this.failures);
      this.timer = setTimeout(() => this.tick(), delay);
      this.timer.unref();
    });
  }
}
