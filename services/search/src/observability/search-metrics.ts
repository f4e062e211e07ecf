import { Counter, Gauge, type Registry } from "@bookstore/platform/metrics";
import type { HotKeyword, HotKeywords } from "../domain/hot-keywords.js";
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
export function registerSearchMetrics(
  registry: Registry,
  sources: { index: SearchIndex; hot: HotKeywords; onError?: (err: unknown) => void },
): {
  feedFailures: Counter;
  changesApplied: Counter;
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
    help: `Searches in the last hour of the ${TOP_KEYWORDS} most searched keywords, by rank (1 = most)`,
    labelNames: ["rank", "keyword"],
    registers: [registry],
    async collect() {
      // A keyword that left the top 10 must not linger as a stale series: the gauge is rebuilt on every scrape.
      this.reset();
      let top: readonly HotKeyword[];
      try {
        top = await sources.hot.top("1h", TOP_KEYWORDS);
      } catch (err) {
        // Redis down: this gauge is empty for the scrape; the process's other metrics must still be served.
        sources.onError?.(err);
        return;
      }
      top.forEach((k, i) => this.labels({ rank: String(i + 1), keyword: keywordLabel(k.keyword) }).set(k.count));
    },
  });
  const queries = counter(registry, "search_queries_total", "Searches answered (every page, with or without hits)");
  return {
    feedFailures: counter(registry, "search_index_feed_failures_total", "Failed polls of the catalog change feed (each is retried with backoff)"),
    changesApplied: counter(registry, "search_index_changes_applied_total", "Catalog changes applied to the index from the change feed"),
    searches: { searched: () => queries.inc() },
  };
}
