import type { BookRepository } from "./book-repository.js";
import type { CategoryRepository } from "./category-repository.js";
import type { ReservationRepository } from "./reservation-repository.js";
import type { StockRepository } from "./stock-repository.js";

export interface CatalogRepositories {
  books: BookRepository;
  categories: CategoryRepository;
  stock: StockRepository;
  reservations: ReservationRepository;
}

/** The repositories outside a transaction, and a way to run several changes as one. */
export interface CatalogStore extends CatalogRepositories {
  transaction<T>(work: (r: CatalogRepositories) => Promise<T>): Promise<T>;
}
