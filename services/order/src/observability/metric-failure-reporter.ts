import { Counter, type Metrics } from "@bookstore/platform/metrics";
import type { Logger } from "@bookstore/platform/logger";
import type { FailureReporter } from "../domain/failure-reporter.js";

/** Best-effort failures become `order_best_effort_failures_total{effect}` plus a warning with the cause. */
export class MetricFailureReporter implements FailureReporter {
  private readonly failures: Counter<"effect">;

  constructor(
    metrics: Metrics,
    private readonly logger: Logger,
  ) {
    const existing = metrics.registry.getSingleMetric("order_best_effort_failures_total");
    this.failures =
      existing instanceof Counter
        ? (existing as Counter<"effect">)
        : new Counter({
            name: "order_best_effort_failures_total",
            help: "Order-service work that failed without failing the request (retried or reported), by effect",
            labelNames: ["effect"],
            registers: [metrics.registry],
          });
  }

  report(effect: string, error: unknown, context: Record<string, unknown>): void {
    this.failures.labels({ effect }).inc();
    this.logger.warn({ err: error, effect, ...context }, `best-effort step failed: ${effect}`);
  }
}
