import type { Logger } from "@bookstore/platform/logger";
import type { ExpireOrders } from "../domain/expire-orders.js";

/**
 * Safety net behind the per-order deadline job (expire-order-job.ts): at a low frequency (config
 * jobs.safetySweepIntervalMs, default 60 s) cancels unpaid orders past their window whose job never ran (crash
 * between the order commit and the enqueue, Redis unreachable, dead-lettered job) and retries failed releases.
 * Kept rather than removed because the order insert and the BullMQ enqueue cannot share a transaction.
 */
export class OrderSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly expire: ExpireOrders,
    private readonly logger: Logger,
    private readonly intervalMs = 2_000,
  ) {}

  start(): void {
    if (this.stopped || this.timer) return;
    this.schedule();
  }

  /** Runs one sweep now (tests, and the timer); sweeps never overlap. */
  sweep(): Promise<void> {
    this.running ??= this.expire
      .execute()
      .then((r) => {
        if (r.expired > 0 || r.released > 0) this.logger.info(r, "expired unpaid orders");
      })
      .catch((e: unknown) => this.logger.error({ err: e }, "order sweep failed"))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      void this.sweep().then(() => {
        if (!this.stopped) this.schedule();
      });
    }, this.intervalMs);
  }
}
