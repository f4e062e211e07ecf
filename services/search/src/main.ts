import type { Config } from "@bookstore/platform/config";
import { closeInReverse, type Runtime, type ServiceHandle } from "@bookstore/platform/runtime";
import { CatalogFeedClient } from "./clients/catalog-feed-client.js";
import { HotQueries } from "./domain/hot-queries.js";
import { ListHotKeywords } from "./domain/list-hot-keywords.js";
import { SearchBooks } from "./domain/search-books.js";
import { SearchIndex } from "./domain/search-index.js";
import { SuggestCompletions } from "./domain/suggest-completions.js";
import { Suggester } from "./domain/suggester.js";
import { SyncIndex } from "./domain/sync-index.js";
import { CatalogEventListener } from "./jobs/catalog-event-listener.js";
import { IndexPoller } from "./jobs/index-poller.js";
import { registerSearchMetrics } from "./observability/search-metrics.js";
import { registerSearchHandlers } from "./transport/search-handlers.js";

const MAX_BACKOFF_MS = 5_000;

/**
 * Search over an in-memory index that follows the catalog's change feed. Nothing is stored on disk. Catalog events
 * make a change searchable at once; the periodic resync catches up whatever no event announced.
 */
export async function buildSearchService(cfg: Readonly<Config>, rt: Runtime): Promise<ServiceHandle> {
  const logger = rt.logger.child({ component: "search" });
  const index = new SearchIndex();
  const hot = new HotQueries(rt.clock);
  const sync = new SyncIndex({ feed: new CatalogFeedClient(rt.transportFor("catalog")), index, clock: rt.clock });
  const metrics = registerSearchMetrics(rt.metrics.registry, { index, hot });
  const poller = new IndexPoller(() => sync.execute(), {
    intervalMs: cfg.catalogEvents.searchResyncMs,
    maxBackoffMs: MAX_BACKOFF_MS,
    logger,
    onFailure: () => metrics.feedFailures.inc(),
  });
  // A group of its own per process: every index must see every event (ids make the name unique per start).
  const listener = new CatalogEventListener(rt.stream, `search-${rt.ids.next()}`, () => poller.poke());
  const useCases = {
    searchBooks: new SearchBooks({ index, hot, counter: metrics.searches }),
    suggestCompletions: new SuggestCompletions({ suggester: new Suggester(index, hot) }),
    listHotKeywords: new ListHotKeywords({ hot }),
  };

  return {
    name: "search",
    routes: (router) => registerSearchHandlers(router, useCases),
    // The index is rebuilt from the catalog at every start; there is nothing to seed.
    seed: async () => undefined,
    // A lagging feed makes results stale, not wrong: it shows in the metrics and logs, not in readiness.
    ready: async () => ({}),
    start: async () => {
      listener.start();
      poller.start();
    },
    close: closeInReverse([poller, listener]),
  };
}
