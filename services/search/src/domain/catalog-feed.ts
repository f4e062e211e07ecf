/** Position in the catalog's change feed: the last change applied. Zero and empty start from the beginning. */
export interface FeedCursor {
  readonly changedAtMs: number;
  readonly id: string;
}

export const FEED_START: FeedCursor = { changedAtMs: 0, id: "" };

/** One changed book as the feed reports it. */
export interface BookChange {
  readonly id: string;
  readonly isbn: string;
  readonly title: string;
  readonly authors: readonly string[];
  readonly publisher: string;
  readonly language: string;
  readonly categoryId: string;
  readonly priceCents: number;
  readonly description: string;
  readonly createdAtMs: number;
  readonly deleted: boolean;
  /** Sellable stock now; undefined when the book has no stock row. */
  readonly available: number | undefined;
}

export interface ChangePage {
  /** Oldest change first. */
  readonly changes: readonly BookChange[];
  readonly next: FeedCursor;
}

/** The catalog as the search index sees it: a change feed plus category names (clients/ implements it). */
export interface CatalogFeed {
  changes(after: FeedCursor, limit: number): Promise<ChangePage>;
  categoryNames(): Promise<ReadonlyMap<string, string>>;
}
