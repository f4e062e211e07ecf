import type { Config, ServiceName } from "@bookstore/platform/config";
import { grpcTransport, probeHealth, serveService } from "@bookstore/platform/rpc";
import { openRedis } from "@bookstore/platform/kv";
import { SERVICE_NAMES } from "@bookstore/platform/config";
import { buildGateway } from "@bookstore/gateway/app";
import { createServiceClients } from "@bookstore/gateway/clients";
import { SERVICE_BUILDERS } from "./service-builders.js";
import { createRuntime, LISTEN_BACKLOG } from "./runtime.js";
import { readiness } from "./readiness.js";

export interface RunningProcess {
  port: number;
  close(): Promise<void>;
}

/** Distributed mode: one service per process, gRPC over HTTP/2 to its peers at their configured URLs. */
export async function serveOne(config: Readonly<Config>, name: ServiceName | "gateway"): Promise<RunningProcess> {
  const rt = await createRuntime(config, name, (peer) => grpcTransport(config.services[peer].url));
  if (name === "gateway") {
    const redis = config.redisUrl ? await openRedis(config.redisUrl, "redis:gateway", { service: "gateway" }) : undefined;
    const app = await buildGateway({
      clients: createServiceClients(rt.transportFor),
      config,
      logger: rt.logger,
      metrics: rt.metrics,
      events: rt.events,
      redis: redis?.client,
      ready: async () => ({
        ...Object.fromEntries(
          await Promise.all(SERVICE_NAMES.map(async (s) => [s, await probeHealth(config.services[s].url)] as const)),
        ),
        ...(redis ? { redis: await redis.ready() } : {}),
      }),
    });
    await app.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG });
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    rt.logger.info({ port }, "gateway listening");
    return {
      port,
      close: async () => {
        await app.close();
        await redis?.close();
        await rt.close();
      },
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
    ready: () => readiness([handle]),
    faults: config.faults,
  });
  await handle.start();
  rt.logger.info({ port: served.port }, `${name} service listening (gRPC over HTTP/2)`);
  return {
    port: served.port,
    close: async () => {
      await served.close();
      await handle.close();
      await rt.close();
    },
  };
}
