import type { JobKinds } from "@bookstore/platform/jobs";
import type { Logger } from "@bookstore/platform/logger";
import type { Clock } from "../domain/ports.js";
import type { RebuildSummary } from "../domain/live-item-model.js";

export const REBUILD_MODEL_JOB = "recommendation.rebuild-model";

/**
 * Where each kind of recommendation job runs (the job system reads only this table):
 * | kind                          | backend | why                                                                |
 * | recommendation.rebuild-model  | local   | the model lives in this process's memory: every process rebuilds its |
 * |                               |         | own, and a rebuild lost with the process is lost with its model too  |
 */
export const RECOMMENDATION_JOB_KINDS: JobKinds = {
  [REBUILD_MODEL_JOB]: { backend: "local", queue: "recommendation-model", maxAttempts: 3, backoffMs: 10_000, priority: 100 },
};

export interface JobScheduler {
  enqueue(kind: string, payload: unknown, opts: { delayMs: number; key: string }): Promise<string>;
}

/**
 * Rebuilds the item model at start and then every `intervalMs`. Each run books the next one first, so a failed
 * rebuild (retried by the job system) never ends the schedule. Keys name the slot, so a slot runs once.
 */
export class ModelRebuildSchedule {
  constructor(
    private readonly deps: {
      jobs: JobScheduler;
      model: { rebuild(): Promise<RebuildSummary> };
      clock: Clock;
      logger: Logger;
      intervalMs: number;
    },
  ) {}

  /** The first rebuild, now. */
  async start(): Promise<void> {
    await this.deps.jobs.enqueue(REBUILD_MODEL_JOB, {}, { delayMs: 0, key: "rebuild-at-start" });
  }

  /** The job's handler. */
  async run(): Promise<void> {
    const { jobs, model, clock, logger, intervalMs } = this.deps;
    const now = clock.now().getTime();
    const slot = Math.floor(now / intervalMs) + 1;
    await jobs.enqueue(REBUILD_MODEL_JOB, {}, { delayMs: slot * intervalMs - now, key: `rebuild-${slot}` });
    const summary = await model.rebuild();
    logger.info({ ...summary, tookMs: clock.now().getTime() - now }, "item model rebuilt");
  }
}
