import type { HotQueries } from "./hot-queries.js";
import type { SearchIndex } from "./search-index.js";
import { queryKey } from "./text-analysis.js";

interface Entry {
  /** Normalized text the prefix is matched against. */
  readonly key: string;
  /** What the user sees: the title or author as the catalog spells it. */
  readonly display: string;
}

/** Scanning stops after this many prefix matches; "a" alone should not rank the whole catalog. */
const MAX_CANDIDATES = 500;

/**
 * Prefix completion over titles and authors. The sorted list is derived from the index and rebuilt lazily
 * when the index has changed, so a prefix lookup is a binary search plus a short scan.
 */
export class Suggester {
  private entries: Entry[] = [];
  private builtAt = -1;

  constructor(
    private readonly index: SearchIndex,
    private readonly hot: HotQueries,
  ) {}

  suggest(q: string, limit: number): string[] {
    const prefix = queryKey(q);
    if (prefix === "" || limit <= 0) return [];
    const entries = this.sorted();
    const candidates = new Map<string, string>();
    for (let i = lowerBound(entries, prefix); i < entries.length && candidates.size < MAX_CANDIDATES; i++) {
      const e = entries[i];
      if (!e?.key.startsWith(prefix)) break;
      if (!candidates.has(e.key)) candidates.set(e.key, e.display);
    }
    // Popular first (what people actually search for), then title order; keys are already sorted.
    return [...candidates]
      .map(([key, display], order) => ({ display, order, hot: this.hot.count(key) }))
      .sort((a, b) => b.hot - a.hot || a.order - b.order)
      .slice(0, limit)
      .map((c) => c.display);
  }

  private sorted(): Entry[] {
    if (this.builtAt === this.index.version) return this.entries;
    const entries: Entry[] = [];
    for (const book of this.index.all()) {
      for (const text of [book.title, ...book.authors]) {
        const display = text.trim();
        if (display) entries.push({ key: queryKey(display), display });
      }
    }
    entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.entries = entries;
    this.builtAt = this.index.version;
    return entries;
  }
}

function lowerBound(entries: readonly Entry[], key: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((entries[mid]?.key ?? "") < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
