import type { Config } from "@bookstore/platform/config";
import { InProcessTransports } from "@bookstore/platform/rpc";
import type { ServiceHandle } from "@bookstore/platform/runtime";
import { BUILD_ORDER, SERVICE_BUILDERS } from "./service-builders.js";
import { createRuntime } from "./runtime.js";

/**
 * `bookstore seed` / `bookstore migrate`: builds every service in-process against the configured databases
 * (building runs the migrations), optionally seeds, and closes again.
 */
export async function runMaintenance(
  config: Readonly<Config>,
  opts: { seed: false } | { seed: true; demo: boolean; adminPassword?: string | undefined },
): Promise<void> {
  const probe = await createRuntime(config, "bookstore-cli", () => {
    throw new Error("not ready");
  });
  const transports = new InProcessTransports(probe.logger, probe.metrics);
  const rt = { ...probe, transportFor: transports.transportFor.bind(transports) };
  const services: ServiceHandle[] = [];
  try {
    for (const name of BUILD_ORDER) {
      const handle = await SERVICE_BUILDERS[name](config, rt);
      transports.register(name, (router) => handle.routes(router));
      services.push(handle);
    }
    if (opts.seed) for (const s of services) await s.seed({ demo: opts.demo, adminPassword: opts.adminPassword });
  } finally {
    for (const s of services.reverse()) await s.close();
    await probe.close();
  }
}
