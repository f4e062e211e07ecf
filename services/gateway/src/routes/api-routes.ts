import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { GatewayDeps } from "../gateway-deps.js";
import { authRoutes } from "./auth/auth-routes.js";
import { usersRoutes } from "./users/users-routes.js";
import { addressesRoutes } from "./users/addresses-routes.js";
import { couponsRoutes } from "./coupons/coupons-routes.js";
import { booksRoutes } from "./books/books-routes.js";
import { stockRoutes } from "./books/stock-routes.js";
import { categoriesRoutes } from "./categories/categories-routes.js";
import { cartRoutes } from "./cart/cart-routes.js";
import { ordersRoutes } from "./orders/orders-routes.js";
import { paymentsRoutes } from "./orders/payments-routes.js";
import { searchRoutes } from "./search/search-routes.js";
import { recommendationsRoutes } from "./recommendations/recommendations-routes.js";
import { listingsRoutes } from "./listings/listings-routes.js";
import { flashSalesRoutes } from "./flash-sales/flash-sales-routes.js";
import { adminJobsRoutes } from "./admin/jobs-routes.js";
import { adminStatsRoutes } from "./admin/stats-routes.js";
import { configWebhookRoutes } from "./admin/config-webhook-routes.js";

/** Every /api/v1 route plugin, registered explicitly (no autoload), each with the same dependencies. */
export const apiRoutes: FastifyPluginAsyncTypebox<GatewayDeps> = async (app, opts) => {
  // Children get only the dependencies: passing fastify's own `prefix` on would nest /api/v1 twice.
  // Per IP before any work; per user after authentication (the auth plugin's preHandler runs first).
  app.addHook("onRequest", app.limits.perIp);
  app.addHook("preHandler", app.limits.perUser);
  const deps: GatewayDeps = { clients: opts.clients, config: opts.config, settings: opts.settings, logger: opts.logger, metrics: opts.metrics, events: opts.events, redis: opts.redis, ready: opts.ready };
  for (const routes of [
    authRoutes,
    usersRoutes,
    addressesRoutes,
    couponsRoutes,
    booksRoutes,
    stockRoutes,
    categoriesRoutes,
    cartRoutes,
    ordersRoutes,
    paymentsRoutes,
    searchRoutes,
    recommendationsRoutes,
    listingsRoutes,
    flashSalesRoutes,
    adminJobsRoutes,
    adminStatsRoutes,
    configWebhookRoutes,
  ]) {
    await app.register(routes, deps);
  }
};
