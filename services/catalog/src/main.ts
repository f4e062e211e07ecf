import type { Config } from "@bookstore/platform/config";
import { openDatabase } from "@bookstore/platform/db";
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
import { SEED_BOOKS } from "./seed/books-data.js";
import { SEED_CATEGORIES } from "./seed/categories-data.js";
import { KyselyCatalogStore } from "./storage/kysely-catalog-store.js";
import { migrationsFor } from "./storage/migrations.js";
import type { CatalogDb } from "./storage/schema.js";
import { registerCatalogHandlers } from "./transport/catalog-handlers.js";
import type { CatalogUseCases } from "./transport/catalog-use-cases.js";

/** Books, categories and inventory (DESIGN.md "Services and data ownership"). */
export async function buildCatalogService(cfg: Readonly<Config>, rt: Runtime): Promise<ServiceHandle> {
  const db = await openDatabase<CatalogDb>({
    service: "catalog",
    config: cfg.database,
    dataDir: cfg.dataDir,
    migrations: migrationsFor,
    logger: rt.logger,
    metrics: rt.metrics,
  });
  const close = closeInReverse([db]);
  const store = new KyselyCatalogStore(db.db, db.dialect);
  const { clock, ids } = rt;

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
  };
  const seed = new SeedCatalog({ store, clock, ids, categories: SEED_CATEGORIES, books: SEED_BOOKS });

  return {
    name: "catalog",
    routes: (router) => registerCatalogHandlers(router, uc),
    seed: (opts) => seed.execute(opts),
    ready: async () => ({ [db.name]: await db.ready() }),
    start: async () => undefined,
    close,
  };
}
