import type { NewestBooks } from "./catalog-port.js";
import type { EventRepository, EventWeights } from "./event-repository.js";
import type { Clock } from "./ports.js";

/** A purchase says more than a cart, a cart more than a look; feedback counts its rating (negative pulls down). */
export const POPULARITY_WEIGHTS: EventWeights = { purchase: 5, cart_add: 3, view: 1, feedback: "value" };
export const POPULARITY_WINDOW_MS = 30 * 24 * 3_600_000;
/** Enough to fill any page after removing what a user already bought. */
const POOL_SIZE = 200;
/** The catalog's first page of books, for a store without any events yet. */
const NEWEST_FALLBACK = 50;

export interface PopularBooksOptions {
  /** How long a ranking is served before it is recomputed (popularity moves slowly; the query is not free). */
  refreshMs?: number;
}

/**
 * Book ids ranked by popularity over the last 30 days, cached in memory and recomputed at most every few seconds.
 * With no events at all it falls back to the catalog's newest books, so a new install still shows something.
 */
export class PopularBooks {
  private cached: { ids: readonly string[]; atMs: number } | undefined;
  private loading: Promise<readonly string[]> | undefined;
  private readonly refreshMs: number;

  constructor(
    private readonly deps: { events: EventRepository; catalog: NewestBooks; clock: Clock },
    opts: PopularBooksOptions = {},
  ) {
    this.refreshMs = opts.refreshMs ?? 5_000;
  }

  ranked(): Promise<readonly string[]> {
    const now = this.deps.clock.now().getTime();
    if (this.cached && now - this.cached.atMs < this.refreshMs) return Promise.resolve(this.cached.ids);
    // Concurrent requests after expiry share one recomputation instead of each running the query.
    this.loading ??= this.load(now).finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(now: number): Promise<readonly string[]> {
    const top = await this.deps.events.topBooks(now - POPULARITY_WINDOW_MS, POPULARITY_WEIGHTS, POOL_SIZE);
    const ids = top.length > 0 ? top.map((b) => b.bookId) : await this.deps.catalog.newest(NEWEST_FALLBACK);
    this.cached = { ids, atMs: now };
    return ids;
  }
}
