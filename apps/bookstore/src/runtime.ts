import type { Transport } from "@bookstore/platform/rpc";
import type { Config, ServiceName } from "@bookstore/platform/config";
import { createLogger, type Logger } from "@bookstore/platform/logger";
import { createMetrics, type Metrics } from "@bookstore/platform/metrics";
import { Snowflake } from "@bookstore/platform/ids";
import { systemClock } from "@bookstore/platform/clock";
import type { Runtime } from "@bookstore/platform/runtime";

/** The per-process runtime: one logger, one metrics registry, one id generator. */
export function createRuntime(
  config: Readonly<Config>,
  processName: string,
  transportFor: (service: ServiceName) => Transport,
  base?: { logger: Logger; metrics: Metrics },
): Runtime {
  const logger = base?.logger ?? createLogger({ level: config.logLevel, name: processName });
  const metrics = base?.metrics ?? createMetrics({ defaultLabels: { process: processName } });
  return { config, logger, metrics, ids: new Snowflake(config.workerId), clock: systemClock, transportFor };
}
