import { createServer } from "node:http";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { LiveConfig } from "@bookstore/platform/config";
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
import { requestIdFor, requestIdPlugin } from "./plugins/request-id.js";
import { createValidatorCompiler } from "./plugins/validation.js";
import { apiRoutes } from "./routes/api-routes.js";
import { webStaticPlugin } from "./plugins/web-static.js";
import { livePlugin } from "./live/live-plugin.js";
import { featureFlagsPlugin } from "./plugins/feature-flags.js";

const MAX_BODY_BYTES = 1024 * 1024;

export async function buildGateway(given: GatewayDeps): Promise<FastifyInstance> {
  // Without a reloadable source (tests that build a gateway alone) the settings are the boot config, fixed.
  const settings = given.settings ?? LiveConfig.fixed(given.config, given.logger);
  const deps: GatewayDeps = { ...given, settings };
  const localWindow = new LocalWindowLimiter();
  // Read per request, so a reloaded rateLimit.perIpPerMinute (or enabled: false) reaches the hot lane too.
  const hotLaneLimit = {
    window: localWindow,
    get perIpPerMinute() {
      const limits = settings.current.rateLimit;
      return limits.enabled ? limits.perIpPerMinute : Number.POSITIVE_INFINITY;
    },
  };
  const hotLane = new BookDetailHotLane(deps.metrics, hotLaneLimit);
  const app = Fastify({
    serverFactory: (handler) =>
      createServer((req, res) => {
        if (!hotLane.serve(req, res)) handler(req, res);
      }),
    loggerInstance: deps.logger.child({ component: "gateway" }) as FastifyBaseLogger,
    // Per-request lines only at debug: at load they would dominate the logs; RED metrics cover requests.
    logController: new DebugRequestLog(),
    // X-Request-Id from the edge (nginx) or the client becomes req.id, so the logs and the echo carry it.
    genReqId: requestIdFor,
    bodyLimit: MAX_BODY_BYTES,
    // During a graceful close, requests already on open keep-alive connections are still served (each answer then
    // closes its connection) instead of fastify's own 503 body, which is not our error contract.
    return503OnClosing: false,
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
  await app.register(requestIdPlugin);
  await app.register(errorsPlugin);
  await app.register(httpMetricsPlugin, { metrics: deps.metrics });
  await app.register(authPlugin, { jwtSecret: deps.config.auth.jwtSecret });
  await app.register(rateLimitPlugin, { settings: () => settings.current.rateLimit, redis: deps.redis, local: localWindow });
  await app.register(featureFlagsPlugin, { settings });
  await app.register(opsRoutes, { metrics: deps.metrics, ready: deps.ready });
  await app.register(livePlugin, {
    settings: deps.config.live, jwtSecret: deps.config.auth.jwtSecret, events: deps.events, metrics: deps.metrics, logger: deps.logger,
  });
  await app.register(apiRoutes, { prefix: "/api/v1", ...deps });
  // Storefront at /, admin console at /admin (apps/web/dist); unknown /api paths stay JSON 404s.
  await app.register(webStaticPlugin);
  // With tracing on, every request should get its span, so the hot lane stays closed.
  if (!deps.config.tracing.enabled) hotLane.enable(await bookDetailsFor(deps));
  return app;
}
