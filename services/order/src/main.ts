import type { Config } from "@bookstore/platform/config";
import { openDatabase } from "@bookstore/platform/db";
import { openRedis, type RedisResource } from "@bookstore/platform/kv";
import { jobsTableOf, openJobSystem } from "@bookstore/platform/jobs";
import { Counter } from "@bookstore/platform/metrics";
import { OutboxRelay } from "@bookstore/platform/outbox";
import { closeInReverse, type Closeable, type Runtime, type ServiceHandle } from "@bookstore/platform/runtime";
import { CatalogClient } from "./clients/catalog-client.js";
import { CouponClient } from "./clients/coupon-client.js";
import { RecommendationClient } from "./clients/recommendation-client.js";
import type { CartRepository } from "./domain/cart.js";
import { CartAbandonment } from "./domain/cart-abandonment.js";
import { OrderSweeper } from "./jobs/order-sweeper.js";
import { SagaRecoveryLoop } from "./jobs/saga-recovery-loop.js";
import { expireOrderJob, JobPaymentDeadlines } from "./jobs/expire-order-job.js";
import { ORDER_JOB_KINDS } from "./jobs/order-job-kinds.js";
import { MetricCartFunnel } from "./observability/metric-cart-funnel.js";
import { MetricFailureReporter } from "./observability/metric-failure-reporter.js";
import { buildFlashSales } from "./flashsale/flash-sale-module.js";
import { createOrderUseCases } from "./order-use-cases.js";
import { EventBusOrderUpdates } from "./live/event-bus-order-updates.js";
import { MockPaymentProvider } from "./payments/mock-provider.js";
import { KyselyCartRepository } from "./storage/kysely-cart-repository.js";
import { KyselyCartStatsRepository } from "./storage/kysely-cart-stats-repository.js";
import { KyselyOrderStore } from "./storage/kysely-order-store.js";
import { migrationsFor } from "./storage/migrations.js";
import { RedisCartRepository } from "./storage/redis-cart-repository.js";
import type { OrderDb } from "./storage/schema.js";
import { registerOrderHandlers } from "./transport/order-handlers.js";
import { registerJobsHandlers } from "./transport/jobs-handlers.js";

/** Carts, orders and payments: the only place that knows which adapters run. */
export async function buildOrderService(cfg: Readonly<Config>, rt: Runtime): Promise<ServiceHandle> {
  const logger = rt.logger.child({ component: "order" });
  const resources: Closeable[] = [];
  const close = closeInReverse(resources);
  try {
    const db = await openDatabase<OrderDb>({
      service: "order", config: cfg.database, dataDir: cfg.dataDir, migrations: migrationsFor, logger, metrics: rt.metrics,
      runAsLeader: rt.runAsLeader,
    });
    resources.push(db);
    let redis: RedisResource | undefined;
    if (cfg.redisUrl) {
      redis = await openRedis(cfg.redisUrl, "redis:order", { service: "order" });
      resources.push(redis);
    }
    // Production keeps carts in Redis (shared by every order process); embedded keeps them in SQL.
    const carts: CartRepository = redis ? new RedisCartRepository(redis.client) : new KyselyCartRepository(db.db, db.dialect, rt.clock);
    const catalog = new CatalogClient(rt.transportFor("catalog"));
    const provider = new MockPaymentProvider({
      callbackUrl: cfg.payments.callbackUrl, hmacSecret: cfg.payments.hmacSecret, callbackDelayMs: cfg.payments.callbackDelayMs, logger,
    });
    resources.push(provider);
    // Durable jobs: BullMQ with redisUrl, else the SQL jobs table in this service's db. Created after the db, so closed
    // (workers drained) before it.
    const jobs = openJobSystem({
      kinds: ORDER_JOB_KINDS, settings: cfg.jobs, redisUrl: cfg.redisUrl, sql: jobsTableOf(db.db), clock: rt.clock, logger,
      registry: rt.metrics.registry,
    });
    resources.push(jobs);
    // Live notifications to the order's owner (gateway /ws) over the process event bus, after each commit.
    const updates = new EventBusOrderUpdates(rt.events, new MetricFailureReporter(rt.metrics, logger));
    // Flash sales: sale orders settle their sale unit through flashSales.stock (see FlashSaleOrderStock).
    const flashSales = buildFlashSales({
      db, redis: redis?.client, catalog, reporter: new MetricFailureReporter(rt.metrics, logger), clock: rt.clock, ids: rt.ids, logger,
      settings: { ...cfg.flashSales, paymentTimeoutSeconds: cfg.orders.paymentTimeoutSeconds },
      deadlines: new JobPaymentDeadlines(jobs, rt.clock),
      updates,
    });
    resources.push(flashSales);
    const idConflicts = new Counter({
      name: "bookstore_id_conflicts_total",
      help: "New order/payment ids already present in id_validation, replaced by a fallback id from the DB sequence",
      labelNames: ["kind"],
      registers: [rt.metrics.registry],
    });
    // order.paid / order.cancelled leave through the outbox: written with the change, relayed to rt.stream.
    const relay = new OutboxRelay(
      db.db, rt.stream, { service: "order", batchSize: cfg.saga.outboxBatchSize, intervalMs: cfg.saga.outboxIntervalMs }, logger, rt.metrics.registry,
    );
    resources.push(relay);
    // Published rows are history the stream keeps anyway: pruned hourly after a day.
    const prune = setInterval(() => void relay.prune(24 * 3600 * 1000).catch((err: unknown) => logger.warn({ err }, "outbox prune failed")), 3600 * 1000);
    prune.unref();
    resources.push({ close: () => clearInterval(prune) });
    const store = new KyselyOrderStore(db.db, {
      clock: rt.clock,
      ids: rt.ids,
      onIdConflict: (kind) => idConflicts.inc({ kind }),
      onOutboxCommit: () => void relay.kick(),
      reader: (ctx) => db.reader(ctx),
      noteWrite: (userId) => db.noteWrite(userId),
    });
    const pauseMs = cfg.saga.testPauseAfterReserveMs;
    const { expireOrders, expireOrder, recoverSagas, ...useCases } = createOrderUseCases({
      store,
      carts,
      // The dashboard's daily counts stay in SQL even when carts live in Redis: one row per day for every process.
      cartStats: new KyselyCartStatsRepository(db.db, db.dialect),
      cartFunnel: new MetricCartFunnel(rt.metrics, new CartAbandonment(rt.clock, { windowMs: cfg.orders.cartAbandonmentWindowMs })),
      catalog,
      stock: flashSales.stock,
      coupons: new CouponClient(rt.transportFor("user")),
      purchases: new RecommendationClient(rt.transportFor("recommendation")),
      provider,
      reporter: new MetricFailureReporter(rt.metrics, logger),
      clock: rt.clock,
      ids: rt.ids,
      settings: { ...cfg.orders, hmacSecret: cfg.payments.hmacSecret },
      deadlines: new JobPaymentDeadlines(jobs, rt.clock),
      updates,
      saga: {
        leaseMs: cfg.saga.leaseMs,
        maxAttempts: cfg.saga.maxAttempts,
        pauseAfterReserve: pauseMs > 0 ? () => new Promise<void>((r) => setTimeout(r, pauseMs)) : undefined,
      },
    });
    jobs.handle(expireOrderJob.name, (payload, ctx) => expireOrderJob.handle(payload, ctx, { expireOrder }));
    // Each order's deadline job cancels it on time; the sweep is the safety net for a job that never got scheduled
    // (crash between commit and enqueue, Redis down) or was dead-lettered.
    const sweeper = new OrderSweeper(expireOrders, logger, cfg.jobs.safetySweepIntervalMs);
    resources.push({ close: () => sweeper.stop() });
    const recovery = new SagaRecoveryLoop(recoverSagas, logger, cfg.saga.recoveryIntervalMs);
    resources.push({ close: () => recovery.stop() });

    return {
      name: "order",
      routes: (router) => {
        registerOrderHandlers(router, useCases);
        registerJobsHandlers(router, jobs);
        flashSales.routes(router);
      },
      // Orders and carts start empty; demo data belongs to users and the catalog.
      seed: async () => undefined,
      ready: async () => ({
        [db.name]: await db.ready(),
        "jobs:order": await jobs.ready(),
        ...(redis ? { [redis.name]: await redis.ready() } : {}),
      }),
      start: async () => {
        sweeper.start();
        recovery.start();
        relay.start();
        void relay.kick(); // events committed before a restart go out now
        jobs.start();
        flashSales.start();
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
