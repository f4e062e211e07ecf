import { createServer } from "node:http";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { GatewayDeps } from "./gateway-deps.js";
import { authPlugin } from "./plugins/auth.js";
import { errorsPlugin } from "./plugins/errors.js";
import { httpMetricsPlugin } from "./plugins/http-metrics.js";
import { tracingPlugin } from "./plugins/tracing.js";
import { BookDetailHotLane } from "./plugins/hot-lane.js";
import { bookDetailsFor } from "./routes/books/book-details.js";
import { LocalWindowLimiter, rateLimitPlugin } from "./plugins/rate-limit.js";
import { opsRoutes } from "./plugins/ops.js";
import { DebugRequestLog } from "./plugins/request-log.js";
import { createValidatorCompiler } from "./plugins/validation.js";
import { apiRoutes } from "./routes/api-routes.js";

const MAX_BODY_BYTES = 1024 * 1024;

export async function buildGateway(deps: GatewayDeps): Promise<FastifyInstance> {
  const limits = deps.config.rateLimit;
  const localWindow = new LocalWindowLimiter();
  const hotLane = new BookDetailHotLane(deps.metrics, limits.enabled ? { window: localWindow, perIpPerMinute: limits.perIpPerMinute } : undefined);
  const app = Fastify({
    serverFactory: (handler) =>
      createServer((req, res) => {
        if (!hotLane.serve(req, res)) handler(req, res);
      }),
    loggerInstance: deps.logger.child({ component: "gateway" }) as FastifyBaseLogger,
    // Per-request lines only at debug: at load they would dominate the logs; RED metrics cover requests.
    logController: new DebugRequestLog(),
    bodyLimit: MAX_BODY_BYTES,
    // X-Forwarded-For is believed only from these proxies, so a client cannot pick its own IP (rate limits).
    trustProxy: deps.config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(createValidatorCompiler());

  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: { title: "Bookstore API", version: "1.0.0", description: "Public REST API of the bookstore (see DESIGN.md)." },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: "/swagger" });
  // Off by default: then there is no provider and these hooks would only cost time per request.
  if (deps.config.tracing.enabled) await app.register(tracingPlugin);
  await app.register(errorsPlugin);
  await app.register(httpMetricsPlugin, { metrics: deps.metrics });
  await app.register(authPlugin, { jwtSecret: deps.config.auth.jwtSecret });
  await app.register(rateLimitPlugin, { settings: deps.config.rateLimit, redis: deps.redis, local: localWindow });
  await app.register(opsRoutes, { metrics: deps.metrics, ready: deps.ready });
  await app.register(apiRoutes, { prefix: "/api/v1", ...deps });
  // With tracing on, every request should get its span, so the hot lane stays closed.
  if (!deps.config.tracing.enabled) hotLane.enable(await bookDetailsFor(deps));
  return app;
}
