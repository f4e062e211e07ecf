import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { GatewayDeps } from "../gateway-deps.js";

/** /healthz is cheap (the process answers); /readyz asks every dependency; /metrics is Prometheus text. */
export const opsRoutes: FastifyPluginAsyncTypebox<Pick<GatewayDeps, "metrics" | "ready">> = async (app, opts) => {
  const hidden = { schema: { hide: true }, config: { permission: "public" as const } };
  app.get("/healthz", hidden, async () => ({ status: "ok" }));
  app.get("/readyz", hidden, async (_req, reply) => {
    const checks = await opts.ready();
    const ok = Object.values(checks).every(Boolean);
    return reply.code(ok ? 200 : 503).send({ status: ok ? "ready" : "not_ready", checks });
  });
  app.get("/metrics", hidden, async (_req, reply) =>
    reply.type(opts.metrics.registry.contentType).send(await opts.metrics.registry.metrics()),
  );
};
