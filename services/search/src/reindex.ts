import type { Config } from "@bookstore/platform/config";
import type { Runtime } from "@bookstore/platform/runtime";
import { CatalogFeedClient } from "./clients/catalog-feed-client.js";
import { HotQueries } from "./domain/hot-queries.js";
import { IndexPersistence } from "./domain/index-snapshot.js";
import { SalesTally } from "./domain/sales-tally.js";
import { SearchIndex } from "./domain/search-index.js";
import { Suggester } from "./domain/suggester.js";
import { SyncIndex } from "./domain/sync-index.js";
import { snapshotPathOf } from "./main.js";
import { FileSnapshotStore } from "./storage/snapshot-file.js";

export interface ReindexProgress {
  /** Book changes read from the catalog's change feed so far (deleted books included). */
  readonly applied: number;
  /** Listed books when the rebuild started: what `applied` heads for. */
  readonly expected: number;
}

export interface ReindexResult {
  readonly books: number;
  readonly path: string;
  /** Books whose recent sales were carried over from the snapshot this one replaces. */
  readonly booksWithSales: number;
}

/**
 * `bookstore reindex`: builds the index from the catalog's whole change feed, as a first start would, and writes it
 * as the snapshot a search instance with this config loads at its next start. Recent sales come from the snapshot
 * it replaces (the catalog does not know them). Run it with that instance stopped (it saves its own index when it
 * stops), or restart the instance afterwards.
 */
export async function reindexSearch(cfg: Readonly<Config>, rt: Runtime, onProgress: (p: ReindexProgress) => void): Promise<ReindexResult> {
  const path = snapshotPathOf(cfg);
  if (!path) throw new Error("search.snapshotPath is off: there is no snapshot to rebuild");
  const store = new FileSnapshotStore(path);
  const feed = new CatalogFeedClient(rt.transportFor("catalog"));
  const sales = new SalesTally(rt.clock);
  // An unreadable snapshot is what a rebuild is for: it only means no sales to carry over.
  const previous = await store.load().catch(() => undefined);
  if (previous) sales.load(previous.sales);
  const index = new SearchIndex({ sales });
  const suggester = new Suggester(index, new HotQueries(rt.clock));
  const sync = new SyncIndex({ feed, index, clock: rt.clock });
  const expected = await feed.bookCount();
  onProgress({ applied: 0, expected });
  await sync.execute((applied) => onProgress({ applied, expected }));
  suggester.warm();
  await store.save(new IndexPersistence({ index, suggester, sync, sales, store, clock: rt.clock }).take());
  return { books: index.size, path, booksWithSales: previous?.sales.books.length ?? 0 };
}
