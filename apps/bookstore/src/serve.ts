import { readFileSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import type { Config, ServiceName } from "@bookstore/platform/config";
import { probeHealth, serveService } from "@bookstore/platform/rpc";
import { openRedis } from "@bookstore/platform/kv";
import { SERVICE_NAMES } from "@bookstore/platform/config";
import { createLogger } from "@bookstore/platform/logger";
import { createMetrics } from "@bookstore/platform/metrics";
import { createDiscovery, watchAll, type Discovery, type Registration } from "@bookstore/platform/discovery";
import { buildGateway } from "@bookstore/gateway/app";
import { createServiceClients } from "@bookstore/gateway/clients";
import { SERVICE_BUILDERS } from "./service-builders.js";
import { createRuntime, LISTEN_BACKLOG, type ConfigSource } from "./runtime.js";
import { readiness } from "./readiness.js";

export interface RunningProcess {
  port: number;
  /** Graceful: not ready, deregister, drain, close; bounded by the caller (cli: shutdown.timeoutMs). */
  close(): Promise<void>;
}

const VERSION = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: string }).version ?? "";

/** Where peers reach this instance: discovery.advertiseUrl, else the listening port on the configured host. */
function advertisedUrl(config: Readonly<Config>, port: number): string {
  if (config.discovery.advertiseUrl) return config.discovery.advertiseUrl;
  const host = config.host === "0.0.0.0" || config.host === "::" || config.host === "" ? "127.0.0.1" : config.host;
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/** A service is reachable: ≥ 1 live instance in etcd, or (static addresses) its configured URL answers /healthz. */
async function peersReady(config: Readonly<Config>, discovery: Discovery): Promise<Record<string, boolean>> {
  const entries = await Promise.all(
    SERVICE_NAMES.map(async (s) => {
      const live = discovery.liveInstances(s);
      return [s, live === undefined ? await probeHealth(config.services[s].url) : live > 0] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * Distributed mode: one service per process, gRPC over HTTP/2 to its peers, found in etcd (discovery.etcdUrl) or at
 * their configured URLs. Shutdown (README "Graceful shutdown"): readiness flips to not ready and the instance leaves
 * etcd first, it keeps serving for shutdown.drainDelayMs while callers move away, then stops accepting, lets
 * in-flight requests and streams finish, stops background work and closes its pools.
 */
export async function serveOne(config: Readonly<Config>, name: ServiceName | "gateway", source?: ConfigSource): Promise<RunningProcess> {
  const logger = createLogger({ level: config.logLevel, name });
  const metrics = createMetrics({ defaultLabels: { process: name } });
  const discovery = createDiscovery(config, { logger, metrics, version: VERSION });
  const rt = await createRuntime(
    config,
    name,
    (peer) => discovery.transportFor(peer),
    { logger, metrics, runAsLeader: (election, work) => discovery.runAsLeader(election, work) },
    source,
  );
  let draining = false;
  const notDraining = (): Record<string, boolean> => (draining ? { accepting: false } : {});
  if (name === "gateway") {
    watchAll(discovery);
    const redis = config.redisUrl ? await openRedis(config.redisUrl, "redis:gateway", { service: "gateway" }) : undefined;
    const app = await buildGateway({
      clients: createServiceClients(rt.transportFor),
      config,
      settings: rt.settings,
      logger: rt.logger,
      metrics: rt.metrics,
      events: rt.events,
      redis: redis?.client,
      ready: async () => ({
        ...(await peersReady(config, discovery)),
        ...(redis ? { redis: await redis.ready() } : {}),
        ...notDraining(),
      }),
    });
    // While draining, every response closes its keep-alive connection, so clients reconnect (to another gateway)
    // for their next request instead of finding this one gone. First listener: runs before any route answers.
    app.server.prependListener("request", (_req, res) => {
      if (draining && !res.headersSent) res.setHeader("connection", "close");
    });
    await app.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG });
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    rt.logger.info({ port }, "gateway listening");
    return {
      port,
      close: once(async () => {
        draining = true;
        await delay(config.shutdown.drainDelayMs);
        await app.close(); // stops accepting, waits for in-flight requests, closes idle connections
        await redis?.close();
        await rt.close();
        await discovery.close();
      }),
    };
  }
  const handle = await SERVICE_BUILDERS[name](config, rt);
  const served = await serveService({
    service: name,
    routes: (router) => handle.routes(router),
    port: config.services[name].port,
    host: config.host,
    logger: rt.logger,
    metrics: rt.metrics,
    ready: async () => ({ ...(await readiness([handle])), ...notDraining() }),
    faults: config.faults,
  });
  await handle.start();
  let registration: Registration | undefined;
  try {
    registration = await discovery.register(name, advertisedUrl(config, served.port));
  } catch (e) {
    await served.close();
    await handle.close();
    await rt.close();
    await discovery.close();
    throw e;
  }
  rt.logger.info({ port: served.port }, `${name} service listening (gRPC over HTTP/2)`);
  return {
    port: served.port,
    close: once(async () => {
      draining = true;
      await registration?.close(); // first: every caller's watcher drops this instance
      await delay(config.shutdown.drainDelayMs);
      await served.close(); // GOAWAY: running streams finish, new ones go elsewhere
      await handle.close(); // job workers after their current job, then pools
      await rt.close();
      await discovery.close();
    }),
  };
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let p: Promise<void> | undefined;
  return () => (p ??= fn());
}
