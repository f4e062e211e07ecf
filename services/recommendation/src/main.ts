import type { Config } from "@bookstore/platform/config";
import { openDatabase } from "@bookstore/platform/db";
import { closeInReverse, type Runtime, type ServiceHandle } from "@bookstore/platform/runtime";
import { CatalogClient } from "./clients/catalog-client.js";
import { PopularBooks } from "./domain/popular-books.js";
import { RecommendForBook } from "./domain/recommend-for-book.js";
import { RecommendForUser } from "./domain/recommend-for-user.js";
import { RecordEvent } from "./domain/record-event.js";
import { OrderPaidConsumer } from "./jobs/order-paid-consumer.js";
import { KyselyEventRepository } from "./storage/kysely-event-repository.js";
import { migrationsFor } from "./storage/migrations.js";
import type { RecommendationDb } from "./storage/schema.js";
import { registerRecommendationHandlers, type RecommendationUseCases } from "./transport/recommendation-handlers.js";

/** Behaviour events and recommendations (popularity in the foundation; item-item for users in issue 7). */
export async function buildRecommendationService(cfg: Readonly<Config>, rt: Runtime): Promise<ServiceHandle> {
  const db = await openDatabase<RecommendationDb>({
    service: "recommendation",
    config: cfg.database,
    dataDir: cfg.dataDir,
    migrations: migrationsFor,
    logger: rt.logger,
    metrics: rt.metrics,
  });
  const events = new KyselyEventRepository(db.db);
  const { clock, ids } = rt;
  const popular = new PopularBooks({ events, catalog: new CatalogClient(rt.transportFor("catalog")), clock });
  // Purchases arrive as order.paid events (durable, once per order), not as recordEvent calls from the order service.
  const orderPaid = new OrderPaidConsumer({ db: db.db, stream: rt.stream, clock, ids, logger: rt.logger });
  const useCases: RecommendationUseCases = {
    recordEvent: new RecordEvent({ events, clock, ids }),
    recommendForUser: new RecommendForUser({ events, popular }),
    recommendForBook: new RecommendForBook({ events, popular, clock }),
  };

  return {
    name: "recommendation",
    routes: (router) => registerRecommendationHandlers(router, useCases),
    // Events start empty; until there are some, popularity falls back to the catalog's newest books.
    seed: async () => undefined,
    ready: async () => ({ [db.name]: await db.ready() }),
    start: async () => orderPaid.start(),
    close: closeInReverse([db, orderPaid]),
  };
}
