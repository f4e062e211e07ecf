import { LruCache } from "@bookstore/platform/cache";
import type { Logger } from "@bookstore/platform/logger";
import type { ServiceClients } from "../../clients.js";
import type { GatewayDeps } from "../../gateway-deps.js";
import { bookJson, present, type BookJson } from "./book-json.js";
import type { StockStatus } from "./book-schemas.js";

export const RECOMMENDATIONS_ON_DETAIL = 6;
/** At or below this many available units the page says "low stock". */
export const LOW_STOCK_THRESHOLD = 5;

type CallOptions = { headers: Record<string, string> };

export function stockStatusOf(available: number | undefined): StockStatus {
  if (available === undefined) return "unknown";
  if (available <= 0) return "out_of_stock";
  return available <= LOW_STOCK_THRESHOLD ? "low_stock" : "in_stock";
}

/**
 * GET /books/{id}: the book, its stock badge and "goes well with" books, fanned out to the catalog and the
 * recommendation service. The book itself must load (its failure is the response); stock and recommendations
 * each fall back on their own ("unknown", []) so a sick neighbour never takes the page down.
 * TODO(issue 5): wrap the two optional calls in circuit breakers.
 *
 * The answer is the same for every caller, so it is cached as the serialized JSON string: a warm request is a
 * map lookup and a write of bytes, with no RPC, no object building and no JSON serialization.
 */
export class BookDetails {
  private readonly cache: LruCache;
  /** Concurrent misses for one book share one fan-out. */
  private readonly loading = new Map<string, Promise<string>>();
  /** Bumped by every invalidation: a fan-out that overlapped one must not cache what it read before it. */
  private epoch = 0;

  constructor(
    private readonly clients: ServiceClients,
    private readonly opts: { ttlMs: number; maxEntries: number },
    private readonly logger: Logger,
  ) {
    this.cache = new LruCache(opts.maxEntries);
  }

  /** The serialized detail if it is cached; synchronous, for the hot path. */
  cached(id: string): string | undefined {
    return this.opts.ttlMs > 0 ? this.cache.peek(id) : undefined;
  }

  load(id: string, call: CallOptions): Promise<string> {
    const pending = this.loading.get(id);
    if (pending) return pending;
    const started = this.epoch;
    const loaded = this.fanOut(id, call)
      .then(async (json) => {
        if (this.opts.ttlMs > 0 && started === this.epoch) await this.cache.set(id, json, this.opts.ttlMs);
        return json;
      })
      .finally(() => {
        if (this.loading.get(id) === loaded) this.loading.delete(id);
      });
    this.loading.set(id, loaded);
    return loaded;
  }

  /** The book, its stock or what is shown with it changed through this gateway. */
  async invalidate(id: string): Promise<void> {
    this.epoch++;
    this.loading.delete(id);
    await this.cache.delete(id);
  }

  private async fanOut(id: string, call: CallOptions): Promise<string> {
    // All three start at once; the optional two settle to their fallbacks and never reject.
    const [book, stockStatus, recommendations] = await Promise.all([
      this.clients.catalog.getBook({ id }, call).then((r) => present(r.book, "a book")),
      this.stockStatus(id, call),
      this.recommendations(id, call),
    ]);
    return JSON.stringify({ ...bookJson(book), stockStatus, recommendations });
  }

  private async stockStatus(id: string, call: CallOptions): Promise<StockStatus> {
    try {
      const res = await this.clients.catalog.batchGetStock({ bookIds: [id] }, call);
      return stockStatusOf(res.stocks.find((s) => s.bookId === id)?.available);
    } catch (err) {
      this.logger.warn({ err, bookId: id }, "book detail: stock unavailable, showing unknown");
      return "unknown";
    }
  }

  private async recommendations(id: string, call: CallOptions): Promise<BookJson[]> {
    try {
      const rec = await this.clients.recommendation.forBook({ bookId: id, limit: RECOMMENDATIONS_ON_DETAIL }, call);
      const ids = rec.bookIds.filter((other) => other !== id);
      if (ids.length === 0) return [];
      const res = await this.clients.catalog.batchGetBooks({ ids }, call);
      return res.books.filter((b) => !b.deleted).map(bookJson);
    } catch (err) {
      this.logger.warn({ err, bookId: id }, "book detail: recommendations unavailable, showing none");
      return [];
    }
  }
}

/**
 * One detail cache per gateway, shared by the books and stock routes (sibling plugins, so a decorator on one is
 * invisible to the other). Keyed by the gateway's clients object, so a second gateway in the process (tests) gets
 * its own cache and a closed one's is garbage-collected with it.
 */
const perGateway = new WeakMap<ServiceClients, BookDetails>();

export function bookDetailsFor(deps: GatewayDeps): BookDetails {
  let details = perGateway.get(deps.clients);
  if (!details) {
    const { bookTtlMs, maxEntries } = deps.config.cache;
    details = new BookDetails(deps.clients, { ttlMs: bookTtlMs, maxEntries }, deps.logger.child({ component: "book-detail" }));
    perGateway.set(deps.clients, details);
  }
  return details;
}
