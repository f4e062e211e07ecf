import type { Transport } from "@bookstore/platform/rpc";
import { LiveConfig, loaderFor, startConfigTriggers, type Config, type ServiceName } from "@bookstore/platform/config";
import { createLogger, type Logger } from "@bookstore/platform/logger";
import { createMetrics, type Metrics } from "@bookstore/platform/metrics";
import {
  leaseSnowflake,
  RedisWorkerLeaseStore,
  Snowflake,
  SqlWorkerLeaseStore,
  workerLeaseMigrations,
  type LeasedIds,
  type WorkerLeaseStore,
  type WorkerLeaseDb,
} from "@bookstore/platform/ids";
import { openDatabase } from "@bookstore/platform/db";
import { openRedis } from "@bookstore/platform/kv";
import { systemClock } from "@bookstore/platform/clock";
import { InProcessEventBus, RedisEventBus } from "@bookstore/platform/events";
import { InProcessEventStream, RedisEventStream } from "@bookstore/platform/outbox";
import type { Runtime } from "@bookstore/platform/runtime";
import { discoveryMetrics, runLocally } from "@bookstore/platform/discovery";

/**
 * Accept queue for the HTTP listeners. Node's default (511) overflows when a flash sale or a burst of clients
 * connects at once, and the kernel then resets connections instead of queueing them; the kernel caps it at somaxconn.
 */
export const LISTEN_BACKLOG = 4096;

/** The config file and environment the process loaded its config from (what a reload reads again). */
export interface ConfigSource {
  env: Readonly<Record<string, string | undefined>>;
  file?: string | undefined;
}

export interface ProcessRuntime extends Runtime {
  settings: LiveConfig;
  /** Closes what the runtime itself opened (worker lease, event bus); after every service has closed. */
  close(): Promise<void>;
}

async function openLeaseStore(config: Readonly<Config>, logger: Logger): Promise<WorkerLeaseStore> {
  if (config.redisUrl) {
    const redis = await openRedis(config.redisUrl, "snowflake-lease");
    return new RedisWorkerLeaseStore(redis.client, () => redis.close());
  }
  const db = await openDatabase<WorkerLeaseDb>({
    service: "platform",
    config: config.database,
    dataDir: config.dataDir,
    migrations: workerLeaseMigrations,
    logger,
  });
  return new SqlWorkerLeaseStore(db);
}

/** A pinned worker id (config) or one leased for the life of the process. */
async function createIds(config: Readonly<Config>, logger: Logger): Promise<LeasedIds> {
  if (config.ids.workerId >= 0) {
    const ids = new Snowflake(config.ids.workerId);
    return { ids, workerId: config.ids.workerId, close: () => Promise.resolve() };
  }
  return leaseSnowflake(await openLeaseStore(config, logger), { ttlMs: config.ids.leaseTtlMs, logger });
}

/** The per-process runtime: one logger, one metrics registry, one id generator, one event bus. */
export async function createRuntime(
  config: Readonly<Config>,
  processName: string,
  transportFor: (service: ServiceName) => Transport,
  base?: { logger: Logger; metrics: Metrics; runAsLeader?: Runtime["runAsLeader"] },
  /** Where `config` came from; with it the process hot-reloads (file watch, etcd key, webhook). */
  source?: ConfigSource,
): Promise<ProcessRuntime> {
  const logger = base?.logger ?? createLogger({ level: config.logLevel, name: processName });
  const metrics = base?.metrics ?? createMetrics({ defaultLabels: { process: processName } });
  const settings = new LiveConfig(config, { load: source ? loaderFor(source) : () => config, logger, registry: metrics.registry });
  // Child loggers made without their own level follow the root's, so setting it here reaches every component.
  settings.onChange((next) => (logger.level = next.logLevel));
  const leased = await createIds(config, logger);
  const events = config.redisUrl ? new RedisEventBus(config.redisUrl) : new InProcessEventBus();
  const stream = config.redisUrl ? new RedisEventStream(config.redisUrl, logger) : new InProcessEventStream(logger);
  const triggers = startConfigTriggers(settings, { file: source?.file, logger });
  return {
    config,
    settings,
    logger,
    metrics,
    ids: leased.ids,
    clock: systemClock,
    events,
    stream,
    transportFor,
    // Without discovery (embedded, static addresses) every process leads its own singleton work.
    runAsLeader: base?.runAsLeader ?? ((name, work) => runLocally(name, work, { logger, gauge: discoveryMetrics(metrics.registry).leader })),
    close: async () => {
      await triggers.close();
      await stream.close();
      await events.close();
      await leased.close();
    },
  };
}
