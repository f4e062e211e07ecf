import type { NewestBooks } from "./catalog-port.js";
import type { EventRepository, EventWeights } from "./event-repository.js";
import type { Clock } from "./ports.js";

/** A purchase says more than a cart, a cart more than a look; feedback counts its rating (negative pulls down). */
export const POPULARITY_WEIGHTS: EventWeights = { purchase: 5, cart_add: 3, view: 1, feedback: "value" };
export const POPULARITY_WINDOW_MS = 30 * 24 * 3_600_000;
/** Enough to fill any page after removing what a user bought, and to find the popular books of most categories. */
const POOL_SIZE = 1_000;
/** The catalog's first page of books, for a store without any events yet. */
const NEWEST_FALLBACK = 50;

export interface PopularBooksOptions {
  /** How long a ranking is served before it is recomputed (popularity moves slowly; the query is not free). */
  refreshMs?: number;
}

export interface Ranking {
  readonly ids: readonly string[];
  readonly basis: "events" | "newest";
}

/**
 * Book ids ranked by popularity over the last 30 days, cached in memory and recomputed at most every few seconds.
 * With no events at all it falls back to the catalog's newest books, so a new install still shows something.
 */
export class PopularBooks {
  private cached: (Ranking & { atMs: number }) | undefined;
  private loading: Promise<Ranking> | undefined;
  private readonly refreshMs: number;

  constructor(
    private readonly deps: { events: Pick<EventRepository, "topBooks">; catalog: NewestBooks; clock: Clock },
    opts: PopularBooksOptions = {},
  ) {
    this.refreshMs = opts.refreshMs ?? 5_000;
  }

  async ranked(): Promise<readonly string[]> {
    return (await this.ranking()).ids;
  }

  /** The ranking and what it rests on: events, or (no events yet) the catalog's newest books. */
  ranking(): Promise<Ranking> {
    const now = this.deps.clock.now().getTime();
    if (this.cached && now - this.cached.atMs < this.refreshMs) return Promise.resolve(this.cached);
    // Concurrent requests after expiry share one recomputation instead of each running the query.
    this.loading ??= this.load(now).finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(now: number): Promise<Ranking> {
    const top = await this.deps.events.topBooks(now - POPULARITY_WINDOW_MS, POPULARITY_WEIGHTS, POOL_SIZE);
    const ranking: Ranking =
      top.length > 0 ? { ids: top.map((b) => b.bookId), basis: "events" } : { ids: await this.deps.catalog.newest(NEWEST_FALLBACK), basis: "newest" };
    this.cached = { ...ranking, atMs: now };
    return ranking;
  }
}
