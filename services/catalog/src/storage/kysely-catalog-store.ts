import type { Kysely } from "kysely";
import type { SqlDialect } from "@bookstore/platform/db";
import type { BookRepository } from "../domain/book-repository.js";
import type { CatalogRepositories, CatalogStore } from "../domain/catalog-store.js";
import type { CategoryRepository } from "../domain/category-repository.js";
import type { ReservationRepository } from "../domain/reservation-repository.js";
import type { StockRepository } from "../domain/stock-repository.js";
import { KyselyBookRepository } from "./kysely-book-repository.js";
import { KyselyCategoryRepository } from "./kysely-category-repository.js";
import { KyselyReservationRepository } from "./kysely-reservation-repository.js";
import { KyselyStockRepository } from "./kysely-stock-repository.js";
import type { CatalogDb } from "./schema.js";

const reposFor = (db: Kysely<CatalogDb>, dialect: SqlDialect): CatalogRepositories => ({
  books: new KyselyBookRepository(db),
  categories: new KyselyCategoryRepository(db),
  stock: new KyselyStockRepository(db, dialect),
  reservations: new KyselyReservationRepository(db),
});

/** InnoDB may pick a transaction as a deadlock victim under contention; the whole unit of work is safe to rerun. */
const DEADLOCK_RETRIES = 3;
const isDeadlock = (e: unknown): boolean =>
  typeof e === "object" && e !== null && (e as { code?: unknown }).code === "ER_LOCK_DEADLOCK";

export class KyselyCatalogStore implements CatalogStore {
  readonly books: BookRepository;
  readonly categories: CategoryRepository;
  readonly stock: StockRepository;
  readonly reservations: ReservationRepository;

  constructor(
    private readonly db: Kysely<CatalogDb>,
    private readonly dialect: SqlDialect,
  ) {
    const repos = reposFor(db, dialect);
    this.books = repos.books;
    this.categories = repos.categories;
    this.stock = repos.stock;
    this.reservations = repos.reservations;
  }

  async transaction<T>(work: (r: CatalogRepositories) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction().execute((trx) => work(reposFor(trx, this.dialect)));
      } catch (e) {
        if (this.dialect !== "mysql" || !isDeadlock(e) || attempt > DEADLOCK_RETRIES) throw e;
      }
    }
  }
}
