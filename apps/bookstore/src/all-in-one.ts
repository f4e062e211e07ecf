import type { FastifyInstance } from "fastify";
import type { Config } from "@bookstore/platform/config";
import { InProcessTransports } from "@bookstore/platform/rpc";
import { openRedis, type RedisResource } from "@bookstore/platform/kv";
import { createLogger } from "@bookstore/platform/logger";
import { createMetrics } from "@bookstore/platform/metrics";
import type { ServiceHandle } from "@bookstore/platform/runtime";
import { buildGateway } from "@bookstore/gateway/app";
import { createServiceClients } from "@bookstore/gateway/clients";
import { BUILD_ORDER, SERVICE_BUILDERS } from "./service-builders.js";
import { createRuntime, LISTEN_BACKLOG, type ConfigSource } from "./runtime.js";
import { readiness } from "./readiness.js";

export interface RunningBookstore {
  url: string;
  app: FastifyInstance;
  services: ServiceHandle[];
  close(): Promise<void>;
}

/** Embedded profile: gateway + five services in one process over Connect's in-process router transport. */
export async function startAllInOne(config: Readonly<Config>, source?: ConfigSource): Promise<RunningBookstore> {
  const logger = createLogger({ level: config.logLevel, name: "bookstore" });
  const metrics = createMetrics({ defaultLabels: { process: "bookstore" } });
  const transports = new InProcessTransports(logger, metrics, config.faults);
  const rt = await createRuntime(config, "bookstore", (s) => transports.transportFor(s), { logger, metrics }, source);

  const services: ServiceHandle[] = [];
  let gatewayRedis: RedisResource | undefined;
  const closeServices = async () => {
    await gatewayRedis?.close();
    for (const s of [...services].reverse()) await s.close();
    await rt.close();
  };
  try {
    for (const name of BUILD_ORDER) {
      const handle = await SERVICE_BUILDERS[name](config, rt);
      transports.register(name, (router) => handle.routes(router));
      services.push(handle);
    }
    if (config.seedDemo) for (const s of services) await s.seed({ demo: true });
    gatewayRedis = config.redisUrl ? await openRedis(config.redisUrl, "redis:gateway", { service: "gateway" }) : undefined;
    const redis = gatewayRedis;
    const app = await buildGateway({
      clients: createServiceClients((s) => transports.transportFor(s)),
      config,
      settings: rt.settings,
      logger,
      metrics,
      events: rt.events,
      redis: redis?.client,
      ready: async () => ({ ...(await readiness(services)), ...(redis ? { "gateway.redis": await redis.ready() } : {}) }),
    });
    await app.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG });
    for (const s of services) await s.start();
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    logger.info({ port }, `bookstore listening on http://localhost:${port} (Swagger UI at /swagger)`);
    let closing: Promise<void> | undefined;
    return {
      url: `http://127.0.0.1:${port}`,
      app,
      services,
      close: () => {
        closing ??= (async () => {
          await app.close();
          await closeServices();
        })();
        return closing;
      },
    };
  } catch (e) {
    await closeServices();
    throw e;
  }
}
