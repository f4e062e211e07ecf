import type { BookChange, CatalogFeed, FeedCursor } from "./catalog-feed.js";
import { FEED_START } from "./catalog-feed.js";
import type { Clock } from "./clock.js";
import type { IndexedBook } from "./indexed-book.js";
import type { SearchIndex } from "./search-index.js";

/** The catalog's maximum page: a fresh index catches up in pages of this size. */
export const FEED_PAGE_SIZE = 1000;
/** Category names are re-read when an unknown category shows up, but not more often than this. */
const CATEGORY_REFRESH_MS = 5_000;

export function toIndexedBook(c: BookChange, categoryName: string): IndexedBook {
  return {
    id: c.id,
    isbn: c.isbn,
    title: c.title,
    authors: c.authors,
    publisher: c.publisher,
    categoryId: c.categoryId,
    categoryName,
    description: c.description,
    priceCents: c.priceCents,
    language: c.language,
    // A book without a stock row has none to sell.
    inStock: (c.available ?? 0) > 0,
    createdAtMs: c.createdAtMs,
  };
}

/**
 * Brings the index up to date with the catalog: every change after the cursor, a page at a time. The cursor only
 * moves after a page is applied, and applying is idempotent, so a failure part way just repeats that page next time.
 */
export class SyncIndex {
  private cursor: FeedCursor = FEED_START;
  private categoryNames: ReadonlyMap<string, string> = new Map();
  private namesReadAtMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly deps: { feed: CatalogFeed; index: SearchIndex; clock: Clock }) {}

  get position(): FeedCursor {
    return this.cursor;
  }

  /** Category names as last read, for a snapshot. */
  get knownCategories(): ReadonlyMap<string, string> {
    return this.categoryNames;
  }

  /**
   * Continues from a snapshot: its index holds every change up to `cursor`, with these category names (without them
   * every category would look renamed, and every book be analyzed again).
   */
  restore(cursor: FeedCursor, categoryNames: ReadonlyMap<string, string>): void {
    this.cursor = cursor;
    this.categoryNames = categoryNames;
  }

  /** Applies everything new; returns how many changes were applied. `onPage` hears the running total after each page. */
  async execute(onPage?: (applied: number) => void): Promise<number> {
    let applied = 0;
    for (;;) {
      const page = await this.deps.feed.changes(this.cursor, FEED_PAGE_SIZE);
      await this.learnCategories(page.changes);
      for (const change of page.changes) this.apply(change);
      applied += page.changes.length;
      onPage?.(applied);
      if (page.changes.length === 0) return applied;
      const stuck = page.next.changedAtMs === this.cursor.changedAtMs && page.next.id === this.cursor.id;
      this.cursor = page.next;
      // A short page means we are caught up; a cursor that did not move would loop forever.
      if (page.changes.length < FEED_PAGE_SIZE || stuck) return applied;
    }
  }

  private apply(change: BookChange): void {
    if (change.deleted) this.deps.index.remove(change.id);
    else this.deps.index.upsert(toIndexedBook(change, this.categoryNames.get(change.categoryId) ?? ""));
  }

  private async learnCategories(changes: readonly BookChange[]): Promise<void> {
    const unknown = changes.some((c) => !c.deleted && c.categoryId !== "" && !this.categoryNames.has(c.categoryId));
    const now = this.deps.clock.now().getTime();
    if (!unknown || now - this.namesReadAtMs < CATEGORY_REFRESH_MS) return;
    const fresh = await this.deps.feed.categoryNames();
    this.namesReadAtMs = now;
    const renamed = new Set([...fresh].filter(([id, name]) => this.categoryNames.get(id) !== name).map(([id]) => id));
    this.categoryNames = fresh;
    if (renamed.size === 0) return;
    // Books indexed before their category's name was known become findable by it now.
    for (const book of [...this.deps.index.all()]) {
      const name = fresh.get(book.categoryId);
      if (name !== undefined && renamed.has(book.categoryId)) this.deps.index.upsert({ ...book, categoryName: name });
    }
  }
}
