import type { BookFeatures } from "./content-index.js";

/** The catalog as recommendations need it: something to show when nobody has done anything yet. */
export interface NewestBooks {
  newest(limit: number): Promise<string[]>;
}

/** Position in the catalog's change feed: strictly after this change. */
export interface FeedCursor {
  readonly changedAtMs: number;
  readonly id: string;
}

export interface FeedPage {
  readonly books: readonly BookFeatures[];
  readonly next: FeedCursor;
}

/** The catalog's change feed (books changed after a cursor, deleted ones included) and its category names. */
export interface CatalogFeed {
  changes(after: FeedCursor, limit: number): Promise<FeedPage>;
  categoryNames(): Promise<ReadonlyMap<string, string>>;
}
