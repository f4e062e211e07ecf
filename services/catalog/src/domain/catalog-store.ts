import type { BookRepository } from "./book-repository.js";
import type { CatalogOutbox } from "./catalog-events.js";
import type { CategoryRepository } from "./category-repository.js";
import type { ReservationRepository } from "./reservation-repository.js";
import type { StockRepository } from "./stock-repository.js";

export interface CatalogRepositories {
  books: BookRepository;
  categories: CategoryRepository;
  stock: StockRepository;
  reservations: ReservationRepository;
  /** Events written here commit (or roll back) with the transaction's changes. */
  outbox: CatalogOutbox;
}

/**
 * Lookups that tolerate a replica slightly behind the primary (book pages, lists, categories, stock badges). Every
 * one still hides soft-deleted books: the use cases filter on `deleted` whichever copy answered.
 */
export interface CatalogReads {
  books: Pick<BookRepository, "byId" | "byIds" | "list">;
  categories: Pick<CategoryRepository, "list">;
  stock: Pick<StockRepository, "byBookId" | "byBookIds">;
}

/** Who reads: a user who just wrote reads from the primary for a moment (read-your-writes). */
export interface ReadContext {
  readonly userId?: string | undefined;
}

/**
 * The repositories outside a transaction (on the primary: the change feed and every check before a write), a way to
 * run several changes as one, and replica reads.
 */
export interface CatalogStore extends CatalogRepositories {
  transaction<T>(work: (r: CatalogRepositories) => Promise<T>): Promise<T>;
  reads(ctx?: ReadContext): CatalogReads;
  /** After a write commits, so that user's next `reads` see it. */
  noteWrite(userId: string): void;
}
