import type { Logger } from "../logger/index.js";
import { Gauge, type Registry } from "../metrics/index.js";
import type { QueueStats } from "./job-queue.js";

export const QUEUE_DEPTH_METRIC = "jobs_queue_depth";
/** The states that are a backlog; completed jobs are history, not depth. */
export const QUEUE_DEPTH_STATES = ["waiting", "active", "delayed", "failed"] as const satisfies readonly (keyof QueueStats)[];

interface DepthSource {
  stats(): Promise<QueueStats[]>;
  logger: Logger;
}

/**
 * One gauge per registry, read at scrape time from every job system reporting to it (a process can run several
 * services). Series are rebuilt on each scrape: one per queue × state, none for a queue that is gone.
 */
class QueueDepthGauge extends Gauge<"queue" | "state"> {
  readonly sources: Set<DepthSource>;

  constructor(registry: Registry) {
    const sources = new Set<DepthSource>();
    super({
      name: QUEUE_DEPTH_METRIC,
      help: "Jobs per queue and state (waiting, active, delayed, failed = dead-lettered), read when scraped",
      labelNames: ["queue", "state"],
      registers: [registry],
      async collect() {
        const all = await Promise.all([...sources].map(async (source) => {
          try {
            return await source.stats();
          } catch (err) {
            // One unreachable queue store must not fail the whole scrape: its series are left out this time.
            source.logger.warn({ err }, "job queue stats unavailable for /metrics");
            return [];
          }
        }));
        this.reset();
        for (const q of all.flat()) for (const state of QUEUE_DEPTH_STATES) this.set({ queue: q.name, state }, q[state]);
      },
    });
    this.sources = sources;
  }
}

/** Adds `stats` to the registry's jobs_queue_depth gauge; the returned function takes it out again. */
export function reportQueueDepth(registry: Registry, stats: () => Promise<QueueStats[]>, logger: Logger): () => void {
  const existing = registry.getSingleMetric(QUEUE_DEPTH_METRIC);
  const gauge = existing instanceof QueueDepthGauge ? existing : new QueueDepthGauge(registry);
  const source: DepthSource = { stats, logger };
  gauge.sources.add(source);
  return () => gauge.sources.delete(source);
}
