import { hostname } from "node:os";
import { join } from "node:path";
import type { Config } from "@bookstore/platform/config";
import { openRedis, type RedisResource } from "@bookstore/platform/kv";
import { closeInReverse, type Closeable, type Runtime, type ServiceHandle } from "@bookstore/platform/runtime";
import { CatalogFeedClient } from "./clients/catalog-feed-client.js";
import type { HotKeywords } from "./domain/hot-keywords.js";
import { HotQueries } from "./domain/hot-queries.js";
import { IndexPersistence } from "./domain/index-snapshot.js";
import { ListHotKeywords } from "./domain/list-hot-keywords.js";
import { SalesTally } from "./domain/sales-tally.js";
import { SearchBooks } from "./domain/search-books.js";
import { SearchIndex } from "./domain/search-index.js";
import { SuggestCompletions } from "./domain/suggest-completions.js";
import { Suggester } from "./domain/suggester.js";
import { SyncIndex } from "./domain/sync-index.js";
import { CatalogEventListener } from "./jobs/catalog-event-listener.js";
import { IndexMaintenance } from "./jobs/index-maintenance.js";
import { IndexPoller } from "./jobs/index-poller.js";
import { OrderPaidConsumer } from "./jobs/order-paid-consumer.js";
import { registerSearchMetrics } from "./observability/search-metrics.js";
import { RedisHotKeywords } from "./storage/redis-hot-keywords.js";
import { FileSnapshotStore } from "./storage/snapshot-file.js";
import { registerSearchHandlers } from "./transport/search-handlers.js";

const MAX_BACKOFF_MS = 5_000;
export const DEFAULT_SNAPSHOT_FILE = "search-index.snapshot";

/** Where this process keeps its index snapshot; undefined when snapshots are off. */
export function snapshotPathOf(cfg: Readonly<Config>): string | undefined {
  if (cfg.search.snapshotPath === "off") return undefined;
  return cfg.search.snapshotPath || join(cfg.dataDir, DEFAULT_SNAPSHOT_FILE);
}

/**
 * Search over an in-memory index that follows the catalog's change feed. Each instance holds the whole index and
 * consumes every catalog and order event (a consumer group of its own), so search scales out by adding instances.
 * A snapshot (index, suggest table, sales, feed cursor) lets a restart serve at once and catch up from its cursor;
 * catalog events make a change searchable at once; the periodic resync catches up whatever no event announced.
 */
export async function buildSearchService(cfg: Readonly<Config>, rt: Runtime): Promise<ServiceHandle> {
  const logger = rt.logger.child({ component: "search" });
  const resources: Closeable[] = [];
  try {
    const sales = new SalesTally(rt.clock);
    const index = new SearchIndex({ sales });
    // Production shares hot keywords between instances through Redis; embedded counts them in this process.
    let redis: RedisResource | undefined;
    let sharedHot: RedisHotKeywords | undefined;
    if (cfg.redisUrl) {
      redis = await openRedis(cfg.redisUrl, "redis:search", { service: "search" });
      resources.push(redis);
      sharedHot = new RedisHotKeywords(redis.client, rt.clock, {
        maxKeysPerBucket: cfg.search.hotMaxKeywordsPerBucket,
        flushIntervalMs: cfg.search.hotFlushIntervalMs,
        onError: (err, what) => logger.warn({ err, what }, "hot keywords: redis failed; counts of this moment are lost"),
      });
      resources.push(sharedHot);
    }
    const hot: HotKeywords = sharedHot ?? new HotQueries(rt.clock, { maxKeys: cfg.search.hotMaxKeywords });
    const suggester = new Suggester(index, hot);
    const sync = new SyncIndex({ feed: new CatalogFeedClient(rt.transportFor("catalog")), index, clock: rt.clock });
    const metrics = registerSearchMetrics(rt.metrics.registry, {
      index,
      hot,
      onError: (err) => logger.warn({ err }, "top keywords unavailable for this scrape"),
    });
    const snapshotPath = snapshotPathOf(cfg);
    const persistence = snapshotPath
      ? new IndexPersistence({ index, suggester, sync, sales, store: new FileSnapshotStore(snapshotPath), clock: rt.clock })
      : undefined;
    const maintenance = new IndexMaintenance(
      { sync, suggester, persistence },
      {
        snapshotIntervalMs: persistence ? cfg.search.snapshotIntervalMs : undefined,
        logger,
        onApplied: (n) => metrics.changesApplied.inc(n),
      },
    );
    // Before anything is served: a restart answers from the snapshot, then catches up from its cursor.
    await maintenance.restore();
    resources.push(maintenance);
    const poller = new IndexPoller(() => maintenance.poll(), {
      intervalMs: cfg.catalogEvents.searchResyncMs,
      maxBackoffMs: MAX_BACKOFF_MS,
      logger,
      onFailure: () => metrics.feedFailures.inc(),
    });
    resources.push(poller);
    // A group of its own per process start, so every instance sees every event: a Snowflake id is unique across
    // running processes (leased worker ids), and the host name tells an operator whose group it is.
    const group = `search-${hostname()}-${rt.ids.next()}`;
    const listener = new CatalogEventListener(rt.stream, group, () => poller.poke());
    resources.push(listener);
    const orders = new OrderPaidConsumer({ stream: rt.stream, group, sales, clock: rt.clock, logger });
    resources.push(orders);
    const useCases = {
      searchBooks: new SearchBooks({ index, hot, counter: metrics.searches }),
      suggestCompletions: new SuggestCompletions({ suggester }),
      listHotKeywords: new ListHotKeywords({ hot }),
    };

    return {
      name: "search",
      routes: (router) => registerSearchHandlers(router, useCases),
      // The index comes from the catalog (and the snapshot); there is nothing to seed.
      seed: async () => undefined,
      // A lagging feed makes results stale, not wrong: it shows in the metrics and logs, not in readiness.
      ready: async () => ({}),
      start: async () => {
        sharedHot?.start();
        orders.start();
        listener.start();
        poller.start();
        maintenance.start();
      },
      // Consumers and the poller stop first; then the last snapshot is saved; then Redis goes.
      close: closeInReverse(resources),
    };
  } catch (e) {
    await closeInReverse(resources)();
    throw e;
  }
}
