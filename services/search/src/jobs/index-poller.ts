import type { Logger } from "@bookstore/platform/logger";

export interface IndexPollerOptions {
  /** Pause between polls once caught up (a change is searchable within about this long plus one poll). */
  intervalMs: number;
  /** Longest pause after repeated failures. */
  maxBackoffMs: number;
  logger: Logger;
  /** Called on every failed poll (a metric), besides the warning. */
  onFailure: () => void;
}

/**
 * Runs `sync` forever: right away at start (the full catch-up), then every `intervalMs`. A failure never ends the loop:
 * it is logged and counted, and the next attempt waits twice as long as the last (up to `maxBackoffMs`).
 * `close()` stops the loop and waits for a poll in flight, so nothing touches the index afterwards.
 */
export class IndexPoller {
  private loop: Promise<void> | undefined;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  /** A change was announced since the last sync started: sync again without pausing. */
  private poked = false;
  private backingOff = false;

  constructor(
    private readonly sync: () => Promise<unknown>,
    private readonly opts: IndexPollerOptions,
  ) {}

  start(): void {
    if (this.loop || this.stopped) return;
    this.loop = this.run();
  }

  /**
   * Syncs as soon as possible (an event said the catalog changed): cuts the pause short, or, when a sync is running,
   * runs another right after it (the running one may have read before the change). Many pokes coalesce into one sync.
   */
  poke(): void {
    this.poked = true;
    // During a failure backoff a poke waits: the peer is likely still down.
    if (!this.backingOff) this.wake?.();
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      this.poked = false;
      try {
        await this.sync();
        failures = 0;
      } catch (err) {
        failures++;
        this.opts.onFailure();
        this.opts.logger.warn({ err, failures }, "search index feed poll failed; retrying with backoff");
      }
      const delay = failures === 0 ? this.opts.intervalMs : Math.min(this.opts.maxBackoffMs, this.opts.intervalMs * 2 ** failures);
      this.backingOff = failures > 0;
      if (!this.poked || this.backingOff) await this.pause(delay);
    }
  }

  private pause(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = () => {
        clearTimeout(this.timer);
        resolve();
      };
      this.timer = setTimeout(resolve, ms);
    });
  }
}
