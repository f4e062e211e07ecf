import type { Transport } from "@bookstore/platform/rpc";
import type { Config, ServiceName } from "@bookstore/platform/config";
import { createLogger, type Logger } from "@bookstore/platform/logger";
import { createMetrics, type Metrics } from "@bookstore/platform/metrics";
import { Snowflake } from "@bookstore/platform/ids";
import { systemClock } from "@bookstore/platform/clock";
import { InProcessEventBus, RedisEventBus } from "@bookstore/platform/events";
import type { Runtime } from "@bookstore/platform/runtime";

export interface ProcessRuntime extends Runtime {
  /** Closes what the runtime itself opened (event bus connections); after every service has closed. */
  close(): Promise<void>;
}

/** The per-process runtime: one logger, one metrics registry, one id generator, one event bus. */
export async function createRuntime(
  config: Readonly<Config>,
  processName: string,
  transportFor: (service: ServiceName) => Transport,
  base?: { logger: Logger; metrics: Metrics },
): Promise<ProcessRuntime> {
  const logger = base?.logger ?? createLogger({ level: config.logLevel, name: processName });
  const metrics = base?.metrics ?? createMetrics({ defaultLabels: { process: processName } });
  const events = config.redisUrl ? new RedisEventBus(config.redisUrl) : new InProcessEventBus();
  return {
    config,
    logger,
    metrics,
    ids: new Snowflake(config.workerId),
    clock: systemClock,
    events,
    transportFor,
    close: () => events.close(),
  };
}
