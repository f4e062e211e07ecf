import type { Config } from "@bookstore/platform/config";
import type { Runtime, ServiceHandle } from "@bookstore/platform/runtime";

// Placeholder until the order service lands (issue 2): no routes, nothing to close.
export async function buildOrderService(_cfg: Readonly<Config>, _rt: Runtime): Promise<ServiceHandle> {
  return {
    name: "order",
    routes: () => undefined,
    seed: async () => undefined,
    ready: async () => ({}),
    start: async () => undefined,
    close: async () => undefined,
  };
}
