import { Cluster, Redis } from "ioredis";
import { createLogger, type Logger } from "../logger/index.js";
import { parseRedisUrl, redact } from "./redis-url.js";

/** What every Redis adapter takes: one server or a Cluster, chosen by REDIS_URL (see redis-url.ts). */
export type RedisClient = Redis | Cluster;

export interface RedisClientOptions {
  /**
   * Standalone: attempts per command across reconnects before it fails; null waits out any outage (BullMQ, blocking
   * readers and subscribers need that). On a Cluster the failover settings below decide instead.
   */
  maxRetriesPerRequest?: number | null;
  /** Don't connect until connect() (or the first command). */
  lazyConnect?: boolean;
  /** Off for subscriber connections: the INFO of the ready check is refused in subscriber mode. */
  enableReadyCheck?: boolean;
  /** Where connection trouble is reported (once per outage); a warn-level "redis" logger by default. */
  logger?: Logger;
}

let defaultLogger: Logger | undefined;

/**
 * ioredis reconnects by itself and each command reports its own failure; without an "error" listener it would also
 * print "[ioredis] Unhandled error event" to stderr on every reconnect attempt. One structured line when an outage
 * starts and one when the connection is back say the same without the flood.
 */
function reportOutages(client: RedisClient, url: string, logger: Logger): void {
  let down = false;
  client.on("error", (err: unknown) => {
    if (down) return;
    down = true;
    logger.warn({ err, redis: redact(url) }, "redis connection error; reconnecting");
  });
  client.on("ready", () => {
    if (!down) return;
    down = false;
    logger.info({ redis: redact(url) }, "redis connection back");
  });
}

/**
 * How a Cluster client rides out a master's failure. A command to a dead master fails with "Connection is closed";
 * ioredis waits retryDelayOnFailover, refreshes the slot table and tries again, while CLUSTERDOWN answers (the
 * cluster while it elects the replica) wait retryDelayOnClusterDown. Each attempt, and each MOVED on the way, uses
 * one of maxRedirections: 60 at 300 ms covers a failover of about 9 s (cluster-node-timeout plus the election),
 * after which the command fails and the caller's own error handling takes over. Raise cluster-node-timeout
 * above ~5 s in production and commands will fail during a failover instead of waiting for it.
 */
export const CLUSTER_FAILOVER = { retryDelayOnFailover: 300, retryDelayOnClusterDown: 300, retryDelayOnTryAgain: 300, maxRedirections: 60 };

export function isCluster(client: RedisClient): client is Cluster {
  return client instanceof Cluster;
}

/** The one place that turns a REDIS_URL into a client: every adapter and BullMQ connection is made here. */
export function createRedisClient(url: string, opts: RedisClientOptions = {}): RedisClient {
  const target = parseRedisUrl(url);
  const maxRetriesPerRequest = opts.maxRetriesPerRequest === undefined ? 3 : opts.maxRetriesPerRequest;
  const lazyConnect = opts.lazyConnect ?? false;
  const enableReadyCheck = opts.enableReadyCheck ?? true;
  const client: RedisClient =
    target.kind === "standalone" ? new Redis(target.url, { maxRetriesPerRequest, lazyConnect, enableReadyCheck }) : clusterClient(target, maxRetriesPerRequest, lazyConnect, enableReadyCheck);
  reportOutages(client, url, opts.logger ?? (defaultLogger ??= createLogger({ level: "info", name: "redis" })));
  return client;
}

function clusterClient(target: Extract<ReturnType<typeof parseRedisUrl>, { kind: "cluster" }>, maxRetriesPerRequest: number | null, lazyConnect: boolean, enableReadyCheck: boolean): Cluster {
  return new Cluster(target.nodes, {
    ...CLUSTER_FAILOVER,
    lazyConnect,
    enableReadyCheck,
    // Per-node connections; BullMQ reads maxRetriesPerRequest from here on a Cluster.
    redisOptions: {
      maxRetriesPerRequest,
      ...(target.username === undefined ? {} : { username: target.username }),
      ...(target.password === undefined ? {} : { password: target.password }),
      ...(target.tls ? { tls: {} } : {}),
    },
  });
}

/**
 * QUIT (lets replies in flight arrive), but never waits longer than `ms`: a node that died without closing its socket
 * must not hold up a shutdown. Then the sockets are dropped whatever happened.
 */
export async function closeRedisClient(client: RedisClient, ms = 2_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([client.quit().then(() => undefined, () => undefined), timedOut]);
  clearTimeout(timer);
  client.disconnect();
}
