import { Counter, Gauge, Histogram, type Registry } from "@bookstore/platform/metrics";
import { LISTING_PRIORITIES, type ListingPriority } from "../domain/listing.js";

export interface ListingMetrics {
  wait: Histogram<"priority">;
  run: Histogram<"priority">;
  latency: Histogram<"priority">;
  tasks: Counter<"priority" | "outcome">;
}

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];

/** The engine that registers last owns the names (one per process; tests build several against one registry). */
function fresh<M>(registry: Registry, name: string, make: () => M): M {
  registry.removeSingleMetric(name);
  return make();
}

export function listingMetrics(
  registry: Registry,
  queues: () => Record<ListingPriority, { depth: number; running: number }>,
): ListingMetrics {
  const registers = [registry];
  fresh(registry, "listing_queue_depth", () =>
    new Gauge({
      name: "listing_queue_depth",
      help: "Listing tasks waiting for a worker, by priority",
      labelNames: ["priority"],
      registers,
      collect() {
        const q = queues();
        for (const p of LISTING_PRIORITIES) this.set({ priority: p }, q[p].depth);
      },
    }),
  );
  fresh(registry, "listing_workers_busy", () =>
    new Gauge({
      name: "listing_workers_busy",
      help: "Listing workers running a task, by priority",
      labelNames: ["priority"],
      registers,
      collect() {
        const q = queues();
        for (const p of LISTING_PRIORITIES) this.set({ priority: p }, q[p].running);
      },
    }),
  );
  return {
    wait: fresh(registry, "listing_task_wait_seconds", () =>
      new Histogram({
        name: "listing_task_wait_seconds",
        help: "Time a listing task waited in its queue before a worker took it",
        labelNames: ["priority"],
        buckets: BUCKETS,
        registers,
      }),
    ),
    run: fresh(registry, "listing_task_run_seconds", () =>
      new Histogram({
        name: "listing_task_run_seconds",
        help: "Time a worker spent on a listing task (validation and the batched stock write)",
        labelNames: ["priority"],
        buckets: BUCKETS,
        registers,
      }),
    ),
    latency: fresh(registry, "listing_task_latency_seconds", () =>
      new Histogram({
        name: "listing_task_latency_seconds",
        help: "Listing task end to end, queued to finished",
        labelNames: ["priority"],
        buckets: BUCKETS,
        registers,
      }),
    ),
    tasks: fresh(registry, "listing_tasks_total", () =>
      new Counter({
        name: "listing_tasks_total",
        help: "Listing tasks by outcome: done, failed, or rejected (queue full)",
        labelNames: ["priority", "outcome"],
        registers,
      }),
    ),
  };
}
