import type { Logger } from "@bookstore/platform/logger";
import type { FulfilFlashSalePurchases } from "../domain/fulfil-flash-sale-purchases.js";
import type { ReleaseUnsoldSaleUnits } from "../domain/release-unsold-sale-units.js";

export interface FlashSaleWorkerOptions {
  pollMs: number;
  releaseEveryMs: number;
}

/**
 * Turns queued purchases into orders. The purchase table is the durable queue (nothing is lost on restart); every
 * order process polls it, and an accepted purchase in this process wakes the worker at once, so an order usually
 * exists a few milliseconds after the 202. Drains batch after batch while there is work; never two runs at once.
 */
export class FlashSaleWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private started = false;
  private stopped = false;
  private lastReleaseMs = 0;

  constructor(
    private readonly fulfil: FulfilFlashSalePurchases,
    private readonly releaseUnsold: ReleaseUnsoldSaleUnits,
    private readonly logger: Logger,
    private readonly opts: FlashSaleWorkerOptions,
  ) {}

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.schedule(0);
  }

  /** Run as soon as possible (a purchase was just accepted). */
  kick(): void {
    if (!this.started || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Drains the queue once (tests call it directly). */
  async drain(): Promise<void> {
    for (;;) {
      this.again = false;
      const settled = await this.fulfil.execute();
      if (this.stopped || (settled === 0 && !this.again)) return;
    }
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    if (this.running || this.stopped) return;
    this.running = this.runOnce()
      .catch((e: unknown) => this.logger.error({ err: e }, "flash sale worker run failed"))
      .finally(() => (this.running = undefined));
    await this.running;
    if (!this.stopped) this.schedule(this.again ? 0 : this.opts.pollMs);
  }

  private async runOnce(): Promise<void> {
    await this.drain();
    const now = performance.now();
    if (now - this.lastReleaseMs >= this.opts.releaseEveryMs) {
      this.lastReleaseMs = now;
      const released = await this.releaseUnsold.execute();
      if (released > 0) this.logger.info({ released }, "released unsold flash sale units");
    }
  }
}
