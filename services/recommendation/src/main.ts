import type { Config } from "@bookstore/platform/config";
import { openDatabase } from "@bookstore/platform/db";
import { openJobSystem } from "@bookstore/platform/jobs";
import { closeInReverse, type Closeable, type Runtime, type ServiceHandle } from "@bookstore/platform/runtime";
import { CatalogClient } from "./clients/catalog-client.js";
import { CatalogMirror } from "./domain/catalog-mirror.js";
import { LiveItemModel } from "./domain/live-item-model.js";
import { NewestListed } from "./domain/newest.js";
import { PopularBooks } from "./domain/popular-books.js";
import type { EventIngest } from "./domain/ports.js";
import { RecommendForBook } from "./domain/recommend-for-book.js";
import { RecommendForUser } from "./domain/recommend-for-user.js";
import { RecordEvent } from "./domain/record-event.js";
import { StoreEvent } from "./domain/store-event.js";
import { SyncMirror } from "./domain/sync-mirror.js";
import { BehaviourStreamConsumer, StreamIngest } from "./jobs/behaviour-stream.js";
import { CatalogSyncLoop } from "./jobs/catalog-sync-loop.js";
import { EventBusPeers, NO_PEERS } from "./jobs/model-peers.js";
import { ModelRebuildSchedule, REBUILD_MODEL_JOB, RECOMMENDATION_JOB_KINDS } from "./jobs/model-rebuild-job.js";
import { OrderPaidConsumer } from "./jobs/order-paid-consumer.js";
import { KyselyEventRepository } from "./storage/kysely-event-repository.js";
import { migrationsFor } from "./storage/migrations.js";
import type { RecommendationDb } from "./storage/schema.js";
import { registerRecommendationHandlers, type RecommendationUseCases } from "./transport/recommendation-handlers.js";

const DAY_MS = 24 * 3_600_000;
/** Each event pairs with this many of the same user's earlier ones in the item model. */
const HISTORY_PER_EVENT = 50;

/**
 * Behaviour events and recommendations. Events are stored in SQL (directly in embedded; through a Redis stream and
 * a consumer group when Redis is configured) and feed an in-memory item model that a local job rebuilds on a
 * schedule; a mirror of the catalogue gives content similarity, categories and the names in reasons.
 */
export async function buildRecommendationService(cfg: Readonly<Config>, rt: Runtime): Promise<ServiceHandle> {
  const logger = rt.logger.child({ component: "recommendation" });
  const settings = cfg.recommendation;
  const resources: Closeable[] = [];
  const close = closeInReverse(resources);
  try {
    const db = await openDatabase<RecommendationDb>({
      service: "recommendation",
      config: cfg.database,
      dataDir: cfg.dataDir,
      migrations: migrationsFor,
      logger,
      metrics: rt.metrics,
      runAsLeader: rt.runAsLeader,
    });
    resources.push(db);
    const events = new KyselyEventRepository(db.db);
    const { clock, ids } = rt;
    const halfLifeMs = settings.halfLifeDays * DAY_MS;
    const catalog = new CatalogClient(rt.transportFor("catalog"));
    const mirror = new CatalogMirror();
    const syncLoop = new CatalogSyncLoop(new SyncMirror({ feed: catalog, mirror }), { intervalMs: settings.catalogSyncMs, logger });
    resources.push(syncLoop);
    const model = new LiveItemModel(
      { events, clock },
      { halfLifeMs, windowMs: settings.modelWindowDays * DAY_MS, neighbours: settings.neighboursPerBook, historyLimit: HISTORY_PER_EVENT },
    );
    // With Redis several processes may serve recommendations, each with its own model: they tell each other.
    const peers = cfg.redisUrl ? new EventBusPeers({ bus: rt.events, origin: ids.next(), model, logger }) : undefined;
    if (peers) resources.push(peers);
    const store = new StoreEvent({ events, model, peers: peers ?? NO_PEERS });
    // Redis: POST appends to a stream and a consumer group stores (bursts never wait on SQL); embedded: stored at once.
    const streamed = cfg.redisUrl ? new BehaviourStreamConsumer({ stream: rt.stream, store, logger }) : undefined;
    if (streamed) resources.push(streamed);
    const ingest: EventIngest = streamed ? new StreamIngest(rt.stream) : store;
    // Purchases arrive as order.paid events (durable, once per order), not as recordEvent calls from the order service.
    const orderPaid = new OrderPaidConsumer({ db: db.db, stream: rt.stream, clock, ids, logger, stored: store });
    resources.push(orderPaid);
    const jobs = openJobSystem({
      kinds: RECOMMENDATION_JOB_KINDS, settings: cfg.jobs, redisUrl: cfg.redisUrl, clock, logger, registry: rt.metrics.registry,
    });
    resources.push(jobs);
    const schedule = new ModelRebuildSchedule({ jobs, model, clock, logger, intervalMs: settings.modelRebuildIntervalMs });
    jobs.handle(REBUILD_MODEL_JOB, () => schedule.run());

    const popular = new PopularBooks({ events, catalog: new NewestListed(mirror, catalog), clock });
    const useCases: RecommendationUseCases = {
      recordEvent: new RecordEvent({ ingest, mirror, books: catalog, clock, ids }),
      recommendForUser: new RecommendForUser({ events, popular, model, mirror, clock, halfLifeMs }),
      recommendForBook: new RecommendForBook({ model, popular, mirror }),
    };

    return {
      name: "recommendation",
      routes: (router) => registerRecommendationHandlers(router, useCases),
      // Events start empty; until there are some, popularity falls back to the catalog's newest books.
      seed: async () => undefined,
      ready: async () => ({ [db.name]: await db.ready() }),
      start: async () => {
        syncLoop.start();
        peers?.start();
        jobs.start();
        await schedule.start();
        streamed?.start();
        orderPaid.start();
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
