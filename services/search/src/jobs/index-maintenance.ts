import type { Logger } from "@bookstore/platform/logger";
import type { IndexPersistence, RestoreOutcome } from "../domain/index-snapshot.js";
import type { Suggester } from "../domain/suggester.js";
import type { SyncIndex } from "../domain/sync-index.js";

export interface IndexMaintenanceOptions {
  /** A changed index is saved this often (and at close); undefined when there is no snapshot to keep. */
  snapshotIntervalMs: number | undefined;
  logger: Logger;
  /** Told how many changes each poll applied (a metric). */
  onApplied: (changes: number) => void;
}

/**
 * What keeps one process's index current and durable: restore the snapshot at build, catch up from its cursor on every
 * poll, warm the suggest table once the first catch-up is done (not on the first suggest request), save a snapshot
 * right after a first full build (so the next start is fast), every interval when changed, and at close.
 */
export class IndexMaintenance {
  private firstPollDone = false;
  private restored = false;
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: { sync: SyncIndex; suggester: Suggester; persistence: IndexPersistence | undefined },
    private readonly opts: IndexMaintenanceOptions,
  ) {}

  /** Loads the saved snapshot, if any; a missing or unreadable one means a full build from the catalog. */
  async restore(): Promise<RestoreOutcome | undefined> {
    if (!this.deps.persistence) return undefined;
    const started = performance.now();
    try {
      const outcome = await this.deps.persistence.restore();
      this.restored = outcome.restored;
      this.opts.logger.info({ ...outcome, ms: Math.round(performance.now() - started) }, "search index snapshot restore");
      return outcome;
    } catch (err) {
      this.opts.logger.warn({ err }, "search index snapshot unreadable; rebuilding from the catalog");
      return undefined;
    }
  }

  /** One poll of the change feed (the IndexPoller's work). */
  async poll(): Promise<void> {
    this.opts.onApplied(await this.deps.sync.execute());
    if (this.firstPollDone) return;
    this.firstPollDone = true;
    // In slices with the event loop free in between: a restart serves searches while suggest warms up.
    while (!this.deps.suggester.warmStep()) await new Promise((resolve) => setImmediate(resolve));
    if (!this.restored) await this.save();
  }

  start(): void {
    const every = this.opts.snapshotIntervalMs;
    if (every === undefined || this.timer) return;
    this.timer = setInterval(() => void this.save(), every);
    this.timer.unref();
  }

  /** Saves now if anything changed since the last save; failures are logged, the next save retries. */
  save(): Promise<void> {
    const persistence = this.deps.persistence;
    if (!persistence) return Promise.resolve();
    const run = this.saving.then(async () => {
      const started = performance.now();
      try {
        if (await persistence.saveIfChanged()) this.opts.logger.info({ ms: Math.round(performance.now() - started) }, "search index snapshot saved");
      } catch (err) {
        this.opts.logger.warn({ err }, "search index snapshot save failed");
      }
    });
    this.saving = run;
    return run;
  }

  /** Stops the timer and saves what changed (call after the poller and consumers have stopped). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.save();
  }
}
