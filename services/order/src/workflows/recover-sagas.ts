import type { Clock } from "../domain/clock.js";
import type { FailureReporter } from "../domain/failure-reporter.js";
import type { OrderStore } from "../domain/order-store.js";
import type { CompensateSaga } from "./compensate-saga.js";

const BATCH = 50;

export interface RecoverSagasDeps {
  store: OrderStore;
  compensate: CompensateSaga;
  reporter: FailureReporter;
  clock: Clock;
  /** A running or compensating saga untouched this long belongs to a process that died (config saga.leaseMs). */
  leaseMs: number;
  maxAttempts: number;
}

export interface RecoveryResult {
  compensated: number;
  completed: number;
  failed: number;
  retrying: number;
}

/**
 * One recovery pass (at start and periodically): every saga left running or compensating by a dead process is
 * claimed (one process wins) and compensated from its log. The placement never answered its client, so
 * compensating (rather than resuming) is always correct; an order paid meanwhile is completed instead.
 * After maxAttempts failed passes a saga is marked failed and reported for an operator.
 */
export class RecoverSagas {
  constructor(private readonly deps: RecoverSagasDeps) {}

  async execute(): Promise<RecoveryResult> {
    const { store, clock, reporter } = this.deps;
    const result: RecoveryResult = { compensated: 0, completed: 0, failed: 0, retrying: 0 };
    const nowMs = clock.now().getTime();
    for (const saga of await store.sagas.stale(nowMs - this.deps.leaseMs, BATCH)) {
      if (!(await store.sagas.claim(saga, nowMs))) continue;
      const claimed = { ...saga, state: "compensating" as const, attempts: saga.attempts + 1, updatedAtMs: nowMs };
      if (claimed.attempts > this.deps.maxAttempts) {
        await store.sagas.transition(saga.orderId, ["compensating"], "failed", clock.now().getTime());
        reporter.report("saga_failed", new Error(`saga gave up after ${saga.attempts} attempts`), { orderId: saga.orderId });
        result.failed += 1;
        continue;
      }
      try {
        result[await this.deps.compensate.execute(claimed)] += 1;
      } catch (e) {
        reporter.report("saga_recovery", e, { orderId: saga.orderId, attempt: claimed.attempts });
        result.retrying += 1;
      }
    }
    return result;
  }
}
