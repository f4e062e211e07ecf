import { Counter, Gauge, type Registry } from "@bookstore/platform/metrics";
import type { HotQueries } from "../domain/hot-queries.js";
import type { SearchCounter } from "../domain/search-books.js";
import type { SearchIndex } from "../domain/search-index.js";

/** Series of the top-keywords gauge: a fixed ceiling, whatever people type. */
export const TOP_KEYWORDS = 10;
/** Label values are for a dashboard legend; longer queries are cut (code points, so CJK and emoji stay whole). */
export const MAX_KEYWORD_LABEL_LENGTH = 40;

/**
 * A keyword as a label value: control and format characters dropped (they would garble the exposition and the
 * legend), whitespace collapsed, cut to MAX_KEYWORD_LABEL_LENGTH with "…" marking the cut.
 */
export function keywordLabel(keyword: string): string {
  // Whitespace first: newlines and tabs are control characters too, but they separate words.
  const chars = [...keyword.replace(/\s/gu, " ").replace(/\p{C}/gu, "").replace(/ {2,}/g, " ").trim()];
  return chars.length <= MAX_KEYWORD_LABEL_LENGTH ? chars.join("") : `${chars.slice(0, MAX_KEYWORD_LABEL_LENGTH - 1).join("")}…`;
}

function counter(registry: Registry, name: string, help: string): Counter {
  const existing = registry.getSingleMetric(name);
  return existing instanceof Counter ? existing : new Counter({ name, help, registers: [registry] });
}

/**
 * The search process's own metrics. Counters are shared if the service is built twice on one registry (tests);
 * gauges read this build's index and ranking at scrape time, so a rebuild replaces them.
 */
export function registerSearchMetrics(registry: Registry, sources: { index: SearchIndex; hot: HotQueries }): {
  feedFailures: Counter;
  searches: SearchCounter;
} {
  registry.removeSingleMetric("search_index_documents");
  new Gauge({
    name: "search_index_documents",
    help: "Books in the in-memory search index",
    registers: [registry],
    collect() {
      this.set(sources.index.size);
    },
  });
  registry.removeSingleMetric("search_top_keyword_searches");
  new Gauge({
    name: "search_top_keyword_searches",
    help: `Searches in the hot-keyword window of the ${TOP_KEYWORDS} most searched keywords, by rank (1 = most)`,
    labelNames: ["rank", "keyword"],
    registers: [registry],
    collect() {
      // A keyword that left the top 10 must not linger as a stale series: the gauge is rebuilt on every scrape.
      this.reset();
      sources.hot.top(TOP_KEYWORDS).forEach((k, i) => this.labels({ rank: String(i + 1), keyword: keywordLabel(k.keyword) }).set(k.count));
    },
  });
  const queries = counter(registry, "search_queries_total", "Searches answered (every page, with or without hits)");
  return {
    feedFailures: counter(registry, "search_index_feed_failures_total", "Failed polls of the catalog change feed (each is retried with backoff)"),
    searches: { searched: () => queries.inc() },
  };
}
