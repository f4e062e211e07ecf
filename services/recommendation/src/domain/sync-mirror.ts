import type { CatalogFeed, FeedCursor } from "./catalog-port.js";
import type { CatalogMirror } from "./catalog-mirror.js";

const PAGE = 500;

/**
 * Brings the mirror up to date from the catalog's change feed (every book at the first run, then only changes) and
 * refreshes the category names. Overlapping calls share one run; applying a page twice is harmless.
 */
export class SyncMirror {
  private cursor: FeedCursor = { changedAtMs: 0, id: "" };
  private running: Promise<number> | undefined;

  constructor(private readonly deps: { feed: CatalogFeed; mirror: CatalogMirror }) {}

  /** Resolves to how many changed books were applied. */
  execute(): Promise<number> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<number> {
    const { feed, mirror } = this.deps;
    let applied = 0;
    for (;;) {
      const page = await feed.changes(this.cursor, PAGE);
      mirror.put(page.books);
      applied += page.books.length;
      // The cursor moves only after the page is in, so a failure repeats that page next time.
      this.cursor = page.next;
      if (page.books.length < PAGE) break;
    }
    mirror.setCategoryNames(await feed.categoryNames());
    return applied;
  }
}
