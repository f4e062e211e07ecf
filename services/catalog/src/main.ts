import type { Config } from "@bookstore/platform/config";
import { openDatabase } from "@bookstore/platform/db";
import { OutboxRelay } from "@bookstore/platform/outbox";
import { closeInReverse, type Runtime, type ServiceHandle } from "@bookstore/platform/runtime";
import { BatchGetBooks } from "./domain/batch-get-books.js";
import { BatchGetStock } from "./domain/batch-get-stock.js";
import { ConfirmStock } from "./domain/confirm-stock.js";
import { CreateBook } from "./domain/create-book.js";
import { CreateCategory } from "./domain/create-category.js";
import { DeleteBook } from "./domain/delete-book.js";
import { GetBook } from "./domain/get-book.js";
import { GetStock } from "./domain/get-stock.js";
import { ListBookChanges } from "./domain/list-book-changes.js";
import { ListBooks } from "./domain/list-books.js";
import { ListCategories } from "./domain/list-categories.js";
import { ReleaseStock } from "./domain/release-stock.js";
import { ReserveStock } from "./domain/reserve-stock.js";
import { SeedCatalog } from "./domain/seed-catalog.js";
import { SetStock } from "./domain/set-stock.js";
import { UpdateBook } from "./domain/update-book.js";
import { ApplyListings } from "./domain/apply-listings.js";
import { GetListingStats } from "./domain/get-listing-stats.js";
import { GetListingTask } from "./domain/get-listing-task.js";
import { SubmitListings } from "./domain/submit-listings.js";
import { ListingEngine } from "./jobs/listing-engine.js";
import { SEED_BOOKS } from "./seed/books-data.js";
import { SEED_CATEGORIES } from "./seed/categories-data.js";
import { KyselyCatalogStore } from "./storage/kysely-catalog-store.js";
import { KyselyListingTaskRepository } from "./storage/kysely-listing-task-repository.js";
import { migrationsFor } from "./storage/migrations.js";
import type { CatalogDb } from "./storage/schema.js";
import { registerCatalogHandlers } from "./transport/catalog-handlers.js";
import type { CatalogUseCases } from "./transport/catalog-use-cases.js";
import { registerListingHandlers } from "./transport/listing-handlers.js";
import type { ListingUseCases } from "./transport/listing-use-cases.js";

/** Books, categories, inventory and the listing engine (DESIGN.md "Services and data ownership"). */
export async function buildCatalogService(cfg: Readonly<Config>, rt: Runtime): Promise<ServiceHandle> {
  const db = await openDatabase<CatalogDb>({
    service: "catalog",
    config: cfg.database,
    dataDir: cfg.dataDir,
    migrations: migrationsFor,
    logger: rt.logger,
    metrics: rt.metrics,
    runAsLeader: rt.runAsLeader,
  });
  const { clock, ids } = rt;
  // Committed book and stock events go to the durable stream (search, caches); a write kicks the relay at once.
  const relay = new OutboxRelay(
    db.db,
    rt.stream,
    { service: "catalog", batchSize: cfg.catalogEvents.relayBatchSize, intervalMs: cfg.catalogEvents.relayIntervalMs },
    rt.logger,
    rt.metrics.registry,
  );
  const store = new KyselyCatalogStore(db.db, db.dialect, {
    ids,
    reader: (ctx) => db.reader(ctx.userId === undefined ? {} : { userId: ctx.userId }),
    noteWrite: (userId) => db.noteWrite(userId),
    onEvents: () => void relay.kick(),
  });
  const listingTasks = new KyselyListingTaskRepository(db.db, db.dialect);
  const engine = new ListingEngine({
    config: cfg.listing,
    apply: new ApplyListings({ store, clock }),
    tasks: listingTasks,
    // Gateways warm or drop their cached copies of these books.
    publishListed: (bookIds) => rt.events.publish("book.listed", JSON.stringify({ bookIds })),
    clock,
    logger: rt.logger,
    registry: rt.metrics.registry,
  });
  // listing.{high,normal}.{capacity,workers} are hot-reloadable (README "Configuration and hot reload").
  const stopResizing = rt.settings?.onChange((next) => engine.resize(next.listing)) ?? (() => undefined);
  // The engine drains into the database (writing events), then the relay sends what is left, then the database closes.
  const close = closeInReverse([db, relay, engine, { close: stopResizing }]);

  const uc: CatalogUseCases = {
    getBook: new GetBook({ store }),
    batchGetBooks: new BatchGetBooks({ store }),
    listBooks: new ListBooks({ store }),
    listBookChanges: new ListBookChanges({ store }),
    createBook: new CreateBook({ store, clock, ids }),
    updateBook: new UpdateBook({ store, clock }),
    deleteBook: new DeleteBook({ store, clock }),
    listCategories: new ListCategories({ store }),
    createCategory: new CreateCategory({ store, clock, ids }),
    getStock: new GetStock({ store }),
    batchGetStock: new BatchGetStock({ store }),
    setStock: new SetStock({ store, clock }),
    reserveStock: new ReserveStock({ store, clock }),
    releaseStock: new ReleaseStock({ store, clock }),
    confirmStock: new ConfirmStock({ store, clock }),
    noteWrite: (userId) => store.noteWrite(userId),
  };
  const listing: ListingUseCases = {
    submitListings: new SubmitListings({
      queue: engine,
      clock,
      ids,
      maxItems: cfg.listing.maxItemsPerRequest,
      retryAfterSeconds: cfg.listing.retryAfterSeconds,
    }),
    getListingTask: new GetListingTask({ queue: engine, tasks: listingTasks }),
    getListingStats: new GetListingStats({ queue: engine }),
  };
  const seed = new SeedCatalog({ store, clock, ids, categories: SEED_CATEGORIES, books: SEED_BOOKS });

  return {
    name: "catalog",
    routes: (router) => {
      registerCatalogHandlers(router, uc);
      registerListingHandlers(router, listing);
    },
    seed: (opts) => seed.execute(opts),
    ready: async () => ({ [db.name]: await db.ready() }),
    start: async () => {
      relay.start();
      await engine.start();
    },
    close,
  };
}
