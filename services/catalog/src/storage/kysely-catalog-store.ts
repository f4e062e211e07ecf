import type { Kysely } from "kysely";
import type { SqlDialect } from "@bookstore/platform/db";
import type { BookRepository } from "../domain/book-repository.js";
import type { CatalogReads, CatalogRepositories, CatalogStore, ReadContext } from "../domain/catalog-store.js";
import type { CategoryRepository } from "../domain/category-repository.js";
import type { Ids } from "../domain/ports.js";
import type { ReservationRepository } from "../domain/reservation-repository.js";
import type { StockRepository } from "../domain/stock-repository.js";
import { KyselyBookRepository } from "./kysely-book-repository.js";
import { KyselyCatalogOutbox } from "./kysely-catalog-outbox.js";
import { KyselyCategoryRepository } from "./kysely-category-repository.js";
import { KyselyReservationRepository } from "./kysely-reservation-repository.js";
import { KyselyStockRepository } from "./kysely-stock-repository.js";
import type { CatalogDb } from "./schema.js";

const reposFor = (db: Kysely<CatalogDb>, dialect: SqlDialect, ids: Ids) => ({
  books: new KyselyBookRepository(db),
  categories: new KyselyCategoryRepository(db),
  stock: new KyselyStockRepository(db, dialect),
  reservations: new KyselyReservationRepository(db),
  outbox: new KyselyCatalogOutbox(db, ids),
});

/** InnoDB may pick a transaction as a deadlock victim under contention; the whole unit of work is safe to rerun. */
const DEADLOCK_RETRIES = 3;
const isDeadlock = (e: unknown): boolean =>
  typeof e === "object" && e !== null && (e as { code?: unknown }).code === "ER_LOCK_DEADLOCK";

export interface KyselyCatalogStoreOptions {
  /** Outbox row ids. */
  ids: Ids;
  /** Where replica-safe reads go (Database.reader); the primary when absent. */
  reader?: (ctx: ReadContext) => Kysely<CatalogDb>;
  noteWrite?: (userId: string) => void;
  /** Called after a transaction that wrote events committed (kicks the outbox relay). */
  onEvents?: () => void;
}

export class KyselyCatalogStore implements CatalogStore {
  readonly books: BookRepository;
  readonly categories: CategoryRepository;
  readonly stock: StockRepository;
  readonly reservations: ReservationRepository;
  readonly outbox: KyselyCatalogOutbox;

  constructor(
    private readonly db: Kysely<CatalogDb>,
    private readonly dialect: SqlDialect,
    private readonly opts: KyselyCatalogStoreOptions,
  ) {
    const repos = reposFor(db, dialect, opts.ids);
    this.books = repos.books;
    this.categories = repos.categories;
    this.stock = repos.stock;
    this.reservations = repos.reservations;
    this.outbox = repos.outbox;
  }

  async transaction<T>(work: (r: CatalogRepositories) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let repos: ReturnType<typeof reposFor> | undefined;
      try {
        const result = await this.db.transaction().execute((trx) => {
          repos = reposFor(trx, this.dialect, this.opts.ids);
          return work(repos);
        });
        if (repos && repos.outbox.added > 0) this.opts.onEvents?.();
        return result;
      } catch (e) {
        if (this.dialect !== "mysql" || !isDeadlock(e) || attempt > DEADLOCK_RETRIES) throw e;
      }
    }
  }

  reads(ctx: ReadContext = {}): CatalogReads {
    const db = this.opts.reader?.(ctx) ?? this.db;
    if (db === this.db) return this;
    return { books: new KyselyBookRepository(db), categories: new KyselyCategoryRepository(db), stock: new KyselyStockRepository(db, this.dialect) };
  }

  noteWrite(userId: string): void {
    this.opts.noteWrite?.(userId);
  }
}
