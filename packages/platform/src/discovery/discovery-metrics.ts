import { Counter, Gauge, type Registry } from "prom-client";

/** Shared metric objects: created once per registry, so several watchers or elections in a process reuse them. */
function once<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

export interface DiscoveryMetrics {
  instances: Gauge<"service">;
  retries: Counter<"service">;
  leader: Gauge<"election">;
}

export function discoveryMetrics(registry: Registry): DiscoveryMetrics {
  const registers = [registry];
  return {
    instances: once(registry, "discovery_instances", () =>
      new Gauge({ name: "discovery_instances", help: "Live instances of a service seen in etcd by this process", labelNames: ["service"], registers }),
    ),
    retries: once(registry, "rpc_retries_total", () =>
      new Counter({ name: "rpc_retries_total", help: "RPCs retried on another instance after UNAVAILABLE", labelNames: ["service"], registers }),
    ),
    leader: once(registry, "leader", () =>
      new Gauge({ name: "leader", help: "1 while this process leads the election, else 0", labelNames: ["election"], registers }),
    ),
  };
}
