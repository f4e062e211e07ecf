import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

export { Counter, Histogram, Gauge, Registry } from "prom-client";

/** One registry per process; every adapter registers into it so /metrics shows the whole process. */
export interface Metrics {
  registry: Registry;
  httpRequests: Histogram<"method" | "route" | "status">;
  rpcRequests: Histogram<"service" | "method" | "code">;
  dbQueries: Counter<"service">;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export function createMetrics(opts: { defaultLabels?: Record<string, string> } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultLabels) registry.setDefaultLabels(opts.defaultLabels);
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP requests by route template and status",
      labelNames: ["method", "route", "status"],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    rpcRequests: new Histogram({
      name: "rpc_server_duration_seconds",
      help: "RPCs handled, by service, method and Connect code",
      labelNames: ["service", "method", "code"],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    dbQueries: new Counter({
      name: "db_queries_total",
      help: "SQL statements executed, by owning service",
      labelNames: ["service"],
      registers: [registry],
    }),
  };
}
