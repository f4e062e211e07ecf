import { Counter, type Registry } from "prom-client";
import type { CacheStats } from "./tiered-cache.js";

interface StatsSource {
  readonly name: string;
  stats(): Readonly<CacheStats>;
}

type Row = { labels: Record<string, string>; value: (s: Readonly<CacheStats>) => number };

/** Each counter is read from the caches' plain counters at scrape time (nothing is done per request). */
const COUNTERS: { name: string; help: string; rows: Row[] }[] = [
  {
    name: "cache_hits_total",
    help: "Reads answered by a cache level",
    rows: [
      { labels: { level: "l1" }, value: (s) => s.l1Hits },
      { labels: { level: "l2" }, value: (s) => s.l2Hits },
    ],
  },
  {
    name: "cache_misses_total",
    help: "Reads a cache level could not answer",
    rows: [
      { labels: { level: "l1" }, value: (s) => s.l1Misses },
      { labels: { level: "l2" }, value: (s) => s.l2Misses },
    ],
  },
  {
    name: "cache_loads_total",
    help: "Loader calls (the source of truth), by outcome",
    rows: [
      { labels: { outcome: "ok" }, value: (s) => s.loads - s.loadsNotFound - s.loadsFailed },
      { labels: { outcome: "not_found" }, value: (s) => s.loadsNotFound },
      { labels: { outcome: "error" }, value: (s) => s.loadsFailed },
    ],
  },
  {
    name: "cache_coalesced_total",
    help: "Reads that waited for a load already in flight instead of starting one",
    rows: [{ labels: {}, value: (s) => s.coalesced }],
  },
  {
    name: "cache_negative_hits_total",
    help: "Unknown keys answered as not found from the cache, without a load",
    rows: [{ labels: {}, value: (s) => s.negativeHits }],
  },
  {
    name: "cache_stale_discards_total",
    help: "Loads not cached because their key was invalidated while they ran",
    rows: [{ labels: {}, value: (s) => s.staleDiscards }],
  },
  {
    name: "cache_invalidations_total",
    help: "Keys dropped from this process's cache",
    rows: [{ labels: {}, value: (s) => s.invalidations }],
  },
  {
    name: "cache_l2_errors_total",
    help: "Failed L2 (Redis) operations; reads fall back to the loader",
    rows: [{ labels: {}, value: (s) => s.l2Errors }],
  },
  {
    name: "cache_publish_errors_total",
    help: "Invalidations that could not be published to other processes",
    rows: [{ labels: {}, value: (s) => s.publishErrors }],
  },
];

/** The caches registered per registry: the counters exist once per registry, whatever the number of caches. */
const sources = new WeakMap<Registry, Set<StatsSource>>();

/** Shows the cache's counters on /metrics (label `cache` = its name). Returns the function that removes them. */
export function exposeCacheMetrics(registry: Registry, cache: StatsSource): () => void {
  let set = sources.get(registry);
  if (!set) {
    const registered = new Set<StatsSource>();
    set = registered;
    sources.set(registry, registered);
    for (const def of COUNTERS) {
      const labelNames = ["cache", ...Object.keys(def.rows[0]?.labels ?? {})];
      new Counter({
        name: def.name,
        help: def.help,
        labelNames,
        registers: [registry],
        collect() {
          this.reset();
          for (const source of registered) {
            const stats = source.stats();
            for (const row of def.rows) this.inc({ cache: source.name, ...row.labels }, row.value(stats));
          }
        },
      });
    }
  }
  set.add(cache);
  const registered = set;
  return () => void registered.delete(cache);
}
