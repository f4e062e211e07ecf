import type { Logger } from "@bookstore/platform/logger";
import type { RecoverSagas } from "../workflows/recover-sagas.js";

/**
 * Runs RecoverSagas once at start and then every saga.recoveryIntervalMs, so a placement left half-done by a
 * process that died (kill -9, OOM) is compensated within about leaseMs + intervalMs. Passes never overlap;
 * several order processes may run it at once (each saga is claimed by one).
 */
export class SagaRecoveryLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly recover: RecoverSagas,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.stopped || this.timer) return;
    void this.pass().then(() => this.schedule());
  }

  pass(): Promise<void> {
    this.running ??= this.recover
      .execute()
      .then((r) => {
        if (r.compensated + r.completed + r.failed + r.retrying > 0) this.logger.warn(r, "recovered sagas left by a dead process");
      })
      .catch((e: unknown) => this.logger.error({ err: e }, "saga recovery pass failed"))
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
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.pass().then(() => this.schedule()), this.intervalMs);
  }
}
