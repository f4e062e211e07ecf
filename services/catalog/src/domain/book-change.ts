import type { Book } from "./book.js";
import type { Stock } from "./stock.js";

/** Where a reader of the change feed stopped: the (changedAtMs, id) of the last change it saw. */
export interface ChangeCursor {
  readonly changedAtMs: number;
  /** "" before the first change. */
  readonly id: string;
}

export interface BookChange {
  readonly book: Book;
  readonly changedAtMs: number;
}

export interface ChangePage {
  readonly books: readonly Book[];
  readonly stocks: readonly Stock[];
  readonly next: ChangeCursor;
}

export const MAX_CHANGES_PER_PAGE = 1_000;
export const DEFAULT_CHANGES_PER_PAGE = 100;
