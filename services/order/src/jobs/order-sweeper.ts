import type { Logger } from "@bookstore/platform/logger";
import type { ExpireOrders } from "../domain/expire-orders.js";

/**
 * Cancels unpaid orders past their payment window every few seconds and retries failed releases.
 * TODO(issue 3): replace this in-process timer with a durable delayed job per order on the job system.
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
