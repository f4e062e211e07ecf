import type { Config } from "@bookstore/platform/config";
import { openDatabase } from "@bookstore/platform/db";
import { openRedis, type RedisResource } from "@bookstore/platform/kv";
import { closeInReverse, type Closeable, type Runtime, type ServiceHandle } from "@bookstore/platform/runtime";
import { CatalogClient } from "./clients/catalog-client.js";
import { CouponClient } from "./clients/coupon-client.js";
import { RecommendationClient } from "./clients/recommendation-client.js";
import type { CartRepository } from "./domain/cart.js";
import { OrderSweeper } from "./jobs/order-sweeper.js";
import { MetricFailureReporter } from "./observability/metric-failure-reporter.js";
import { createOrderUseCases } from "./order-use-cases.js";
import { MockPaymentProvider } from "./payments/mock-provider.js";
import { KyselyCartRepository } from "./storage/kysely-cart-repository.js";
import { KyselyOrderStore } from "./storage/kysely-order-store.js";
import { migrationsFor } from "./storage/migrations.js";
import { RedisCartRepository } from "./storage/redis-cart-repository.js";
import type { OrderDb } from "./storage/schema.js";
import { registerOrderHandlers } from "./transport/order-handlers.js";

/** Carts, orders and payments: the only place that knows which adapters run. */
export async function buildOrderService(cfg: Readonly<Config>, rt: Runtime): Promise<ServiceHandle> {
  const logger = rt.logger.child({ component: "order" });
  const resources: Closeable[] = [];
  const close = closeInReverse(resources);
  try {
    const db = await openDatabase<OrderDb>({
      service: "order", config: cfg.database, dataDir: cfg.dataDir, migrations: migrationsFor, logger, metrics: rt.metrics,
    });
    resources.push(db);
    let redis: RedisResource | undefined;
    if (cfg.redisUrl) {
      redis = await openRedis(cfg.redisUrl, "redis:order");
      resources.push(redis);
    }
    // Production keeps carts in Redis (shared by every order process); embedded keeps them in SQL.
    const carts: CartRepository = redis ? new RedisCartRepository(redis.client) : new KyselyCartRepository(db.db, db.dialect, rt.clock);
    const catalog = new CatalogClient(rt.transportFor("catalog"));
    const provider = new MockPaymentProvider({
      callbackUrl: cfg.payments.callbackUrl, hmacSecret: cfg.payments.hmacSecret, callbackDelayMs: cfg.payments.callbackDelayMs, logger,
    });
    resources.push(provider);
    const { expireOrders, ...useCases } = createOrderUseCases({
      store: new KyselyOrderStore(db.db),
      carts,
      catalog,
      stock: catalog,
      coupons: new CouponClient(rt.transportFor("user")),
      purchases: new RecommendationClient(rt.transportFor("recommendation")),
      provider,
      reporter: new MetricFailureReporter(rt.metrics, logger),
      clock: rt.clock,
      ids: rt.ids,
      settings: { ...cfg.orders, hmacSecret: cfg.payments.hmacSecret },
    });
    const sweeper = new OrderSweeper(expireOrders, logger);
    resources.push({ close: () => sweeper.stop() });

    return {
      name: "order",
      routes: (router) => registerOrderHandlers(router, useCases),
      // Orders and carts start empty; demo data belongs to users and the catalog.
      seed: async () => undefined,
      ready: async () => ({
        [db.name]: await db.ready(),
        ...(redis ? { [redis.name]: await redis.ready() } : {}),
      }),
      start: async () => sweeper.start(),
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
