import { exposeCacheMetrics, RedisSharedTier, TieredCache, type CacheStats } from "@bookstore/platform/cache";
import { notFound } from "@bookstore/platform/errors";
import type { Logger } from "@bookstore/platform/logger";
import { Breaker } from "@bookstore/platform/resilience";
import type { ServiceClients } from "../../clients.js";
import type { GatewayDeps } from "../../gateway-deps.js";
import { BookDetailLoader, type CallOptions } from "./book-detail.js";

/** Published (payload: the book id) by the gateway that changed a book; every gateway drops its L1 entry. */
export const BOOK_INVALIDATE_CHANNEL = "book.invalidate";
/** Published by the catalog's listing engine (payload JSON {bookIds}): those books' stock changed. */
export const BOOK_LISTED_CHANNEL = "book.listed";

/** The ids in a "book.listed" payload, or undefined when it is not {bookIds: string[]}. */
export function listedBookIds(payload: string): string[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || !("bookIds" in parsed)) return undefined;
  const ids: unknown = parsed.bookIds;
  return Array.isArray(ids) && ids.every((id): id is string => typeof id === "string") ? ids : undefined;
}

/**
 * The book detail cache of one gateway: L1 in this process, L2 in Redis when configured, the fan-out as loader.
 * The warm path (`cached`) is a synchronous map lookup returning the bytes to send.
 */
export class BookDetails {
  private closing: Promise<void> | undefined;

  constructor(
    private readonly cache: TieredCache<CallOptions>,
    private readonly release: () => Promise<void>,
  ) {}

  cached(id: string): string | undefined {
    return this.cache.peek(id);
  }

  load(id: string, call: CallOptions): Promise<string> {
    return this.cache.get(id, call);
  }

  /** The book, its stock or what is shown with it changed through this gateway: drop it here, in L2 and elsewhere. */
  invalidate(id: string): Promise<void> {
    return this.cache.invalidate(id);
  }

  stats(): Readonly<CacheStats> {
    return this.cache.stats();
  }

  /** Idempotent: the books and stock plugins both hold it and both close it. */
  close(): Promise<void> {
    this.closing ??= this.release();
    return this.closing;
  }
}

async function createBookDetails(deps: GatewayDeps): Promise<BookDetails> {
  // Breakers, TTLs and features.recommendationsOnBookDetail are hot-reloadable: read at use time or on change.
  const live = () => deps.settings?.current ?? deps.config;
  const { maxEntries, bookTtlMs, l2TtlMs, negativeTtlMs } = live().cache;
  const logger: Logger = deps.logger.child({ component: "book-detail" });
  // The L2 tier exists whenever there is Redis; l2TtlMs = 0 only switches its reads and writes off (reloadable).
  const redis = deps.redis;
  const breakers = {
    stock: new Breaker("book-detail-stock", () => live().breakers, logger, deps.metrics.registry),
    recommendations: new Breaker("book-detail-recommendations", () => live().breakers, logger, deps.metrics.registry),
  };
  const loader = new BookDetailLoader(deps.clients, logger, breakers, () => live().features.recommendationsOnBookDetail);
  const cache = new TieredCache<CallOptions>({
    name: "book-detail",
    l1: { maxEntries, ttlMs: bookTtlMs },
    l2: redis ? { tier: new RedisSharedTier(redis, "cache:book-detail:"), ttlMs: l2TtlMs } : undefined,
    negativeTtlMs,
    load: (id, call) => loader.load(id, call),
    notFound: (id) => notFound("book", id),
    invalidation: { bus: deps.events, channel: BOOK_INVALIDATE_CHANNEL },
    logger,
  });
  const stopListed = deps.events.subscribe(BOOK_LISTED_CHANNEL, (payload) => {
    const ids = listedBookIds(payload);
    if (ids === undefined) logger.warn({ payload: payload.slice(0, 200) }, "ignoring a malformed book.listed event");
    else void cache.invalidateOnEvent(ids);
  });
  const hideMetrics = exposeCacheMetrics(deps.metrics.registry, cache);
  const stopSettings =
    deps.settings?.onChange((next, prev) => {
      if (next.cache !== prev.cache)
        cache.setTtls({ l1TtlMs: next.cache.bookTtlMs, l2TtlMs: next.cache.l2TtlMs, negativeTtlMs: next.cache.negativeTtlMs });
      // Cached pages were made with the old flag: drop this gateway's; other gateways reload too, L2 expires by TTL.
      if (next.features.recommendationsOnBookDetail !== prev.features.recommendationsOnBookDetail) cache.clearLocal();
    }) ?? (() => undefined);
  return new BookDetails(cache, async () => {
    stopSettings();
    stopListed();
    cache.close();
    breakers.stock.shutdown();
    breakers.recommendations.shutdown();
    hideMetrics();
  });
}

/**
 * One detail cache per gateway, shared by the books and stock routes (sibling plugins, so a decorator on one is
 * invisible to the other). Keyed by the gateway's clients object, so a second gateway in the process (tests) gets
 * its own cache and a closed one's is garbage-collected with it.
 */
const perGateway = new WeakMap<ServiceClients, Promise<BookDetails>>();

export function bookDetailsFor(deps: GatewayDeps): Promise<BookDetails> {
  let details = perGateway.get(deps.clients);
  if (!details) {
    details = createBookDetails(deps);
    perGateway.set(deps.clients, details);
  }
  return details;
}
