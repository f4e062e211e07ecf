import type { HotKeywords } from "./hot-keywords.js";
import type { SearchIndex, SearchResult } from "./search-index.js";
import { parseSearchQuery, type SearchInput } from "./search-query.js";
import { asIsbn, queryKey } from "./text-analysis.js";

/** Told of every search answered (a counter in production); the keyword ranking is HotKeywords' job. */
export interface SearchCounter {
  searched(): void;
}

/** Full-text search with filters and facets; each successful first-page search counts toward hot keywords. */
export class SearchBooks {
  constructor(private readonly deps: { index: SearchIndex; hot: HotKeywords; counter?: SearchCounter | undefined }) {}

  execute(input: SearchInput): SearchResult {
    const query = parseSearchQuery(input);
    const result = this.deps.index.search(query);
    this.deps.counter?.searched();
    // Paging through results is one search, a query that found nothing is likely a typo, and an ISBN is a lookup,
    // not a keyword: none of them should push real keywords out of the ranking.
    if (query.page === 1 && result.total > 0 && query.text !== "" && asIsbn(query.text) === undefined)
      this.deps.hot.record(queryKey(query.text));
    return result;
  }
}
