import { fromConnectError, Reason } from "../errors/index.js";
import type { EventBus } from "../events/index.js";
import type { Logger } from "../logger/index.js";
import { LruCache } from "./lru-cache.js";
import type { SharedTier } from "./shared-tier.js";

/** Stored in L2 for an id the loader said does not exist. Serialized values (JSON) never start with NUL. */
const NOT_FOUND_MARKER = "\u0000not-found";

export interface TieredCacheOptions<C> {
  /** Names the cache in metrics and logs. */
  name: string;
  /** L1: this process. A TTL of 0 turns it off. */
  l1: { maxEntries: number; ttlMs: number };
  /** L2: shared by every process (Redis). Absent: no L2; a TTL of 0: no L2 reads or writes (invalidations still go out). */
  l2?: { tier: SharedTier; ttlMs: number } | undefined;
  /** How long a NOT_FOUND from the loader is answered from the cache; 0 turns negative caching off. */
  negativeTtlMs: number;
  /** The source of truth, called once per key however many callers miss at the same time. */
  load: (key: string, ctx: C) => Promise<string>;
  /** The error a remembered NOT_FOUND answers with (the loader's own error is not kept). */
  notFound: (key: string) => Error;
  /** Invalidations are published here and every process's L1 (this one's too) drops the key on receipt. */
  invalidation?: { bus: EventBus; channel: string } | undefined;
  logger: Logger;
}

/** Plain counters, read by the metrics collector at scrape time, so a hit costs an increment and nothing more. */
export interface CacheStats {
  l1Hits: number;
  l1Misses: number;
  l2Hits: number;
  l2Misses: number;
  l2Errors: number;
  /** Loader calls, and how they ended. */
  loads: number;
  loadsNotFound: number;
  loadsFailed: number;
  /** Callers that joined a load (or L2 read) already in flight instead of starting their own. */
  coalesced: number;
  /** Answered NOT_FOUND from a remembered miss (L1 or L2) without calling the loader. */
  negativeHits: number;
  /** Loads whose result was not cached because the key was invalidated while they ran. */
  staleDiscards: number;
  invalidations: number;
  /** Invalidations that could not be published to the other processes. */
  publishErrors: number;
}

/** A load in flight for one key. `stale` is set when the key is invalidated meanwhile: the result is not cached. */
interface Flight {
  stale: boolean;
  promise: Promise<string>;
}

/** RPC clients may surface the AppError wrapped in a ConnectError (in-process transport), so unwrap as the gateway does. */
const isNotFoundError = (err: unknown): boolean => fromConnectError(err).reason === Reason.NOT_FOUND;

/**
 * Read-through cache for serialized values: L1 (in-process LRU with TTL) → L2 (shared, optional) → loader.
 *
 * - Coalescing: one flight per key covers the L2 read and the load, so N concurrent misses cost one of each.
 * - Negative caching: a NOT_FOUND load is remembered (L1 and L2) for `negativeTtlMs`, in its own LRU so a flood
 *   of unknown ids cannot evict real entries.
 * - Invalidation race: a flight overlapped by an invalidation of its key still answers its callers but caches
 *   nothing; across processes the L2 write is conditional on the version read before the load (see SharedTier).
 */
/** The TTLs, changeable while the cache runs (hot-reloaded config). */
export interface CacheTtls {
  l1TtlMs: number;
  l2TtlMs: number;
  negativeTtlMs: number;
}

export class TieredCache<C> {
  private l1: LruCache;
  private negative: LruCache;
  private ttls: CacheTtls;
  private readonly flights = new Map<string, Flight>();
  private readonly counts: CacheStats = {
    l1Hits: 0,
    l1Misses: 0,
    l2Hits: 0,
    l2Misses: 0,
    l2Errors: 0,
    loads: 0,
    loadsNotFound: 0,
    loadsFailed: 0,
    coalesced: 0,
    negativeHits: 0,
    staleDiscards: 0,
    invalidations: 0,
    publishErrors: 0,
  };
  private readonly unsubscribe: () => void;

  constructor(private readonly opts: TieredCacheOptions<C>) {
    this.l1 = new LruCache(opts.l1.maxEntries);
    this.negative = new LruCache(opts.l1.maxEntries);
    this.ttls = { l1TtlMs: opts.l1.ttlMs, l2TtlMs: opts.l2?.ttlMs ?? 0, negativeTtlMs: opts.negativeTtlMs };
    const inv = opts.invalidation;
    this.unsubscribe = inv ? inv.bus.subscribe(inv.channel, (key) => this.invalidateLocal([key])) : () => undefined;
  }

  get name(): string {
    return this.opts.name;
  }

  /** The cached value if L1 has it; synchronous, for hot paths that must not yield. */
  peek(key: string): string | undefined {
    const hit = this.l1.peek(key);
    if (hit !== undefined) this.counts.l1Hits++;
    return hit;
  }

  /** The value from L1, L2 or one shared load; rejects with `notFound(key)` for a remembered unknown key. */
  get(key: string, ctx: C): Promise<string> {
    const hit = this.l1.peek(key);
    if (hit !== undefined) {
      this.counts.l1Hits++;
      return Promise.resolve(hit);
    }
    if (this.negative.peek(key) !== undefined) {
      this.counts.negativeHits++;
      return Promise.reject(this.opts.notFound(key));
    }
    this.counts.l1Misses++;
    const flying = this.flights.get(key);
    if (flying) {
      this.counts.coalesced++;
      return flying.promise;
    }
    const flight: Flight = { stale: false, promise: Promise.resolve("") };
    flight.promise = this.fill(key, ctx, flight).finally(() => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
    });
    this.flights.set(key, flight);
    return flight.promise;
  }

  /**
   * After a write: drops the key here and in L2, then tells every other process to drop it from its L1.
   * L1 is dropped again after L2 so a flight that read the old L2 value in between is not cached either.
   */
  async invalidate(key: string): Promise<void> {
    this.invalidateLocal([key]);
    await this.invalidateShared([key]);
    this.dropLocal([key]);
    const inv = this.opts.invalidation;
    if (!inv) return;
    try {
      await inv.bus.publish(inv.channel, key);
    } catch (err) {
      // The write itself stands (see invalidateShared); other processes keep the old value until their L1 TTL.
      this.counts.publishErrors++;
      this.opts.logger.error({ err, cache: this.opts.name, key }, "invalidation not published; other L1s expire by TTL");
    }
  }

  /**
   * For events every process receives anyway (e.g. "book.listed"): L1 and L2, no publish. With N processes L2 is
   * invalidated N times, which is harmless and needs no coordination.
   */
  async invalidateOnEvent(keys: readonly string[]): Promise<void> {
    this.invalidateLocal(keys);
    await this.invalidateShared(keys);
    this.dropLocal(keys);
  }

  /** This process only: L1, the remembered misses, and flights in progress (their results won't be cached). */
  invalidateLocal(keys: readonly string[]): void {
    this.counts.invalidations += keys.length;
    this.dropLocal(keys);
  }

  /**
   * New TTLs apply to entries stored from now on. A tier turned off (TTL 0) is emptied in this process at once;
   * entries already in L2 expire by their own TTL. L2 invalidations keep going out while its TTL is 0, so turning
   * it back on never serves a value a write replaced meanwhile.
   */
  setTtls(ttls: CacheTtls): void {
    if (ttls.l1TtlMs <= 0) this.l1 = new LruCache(this.opts.l1.maxEntries);
    if (ttls.negativeTtlMs <= 0) this.negative = new LruCache(this.opts.l1.maxEntries);
    this.ttls = { ...ttls };
  }

  /** Drops every L1 entry and remembered miss of this process (what a cached value is made of has changed). */
  clearLocal(): void {
    this.l1 = new LruCache(this.opts.l1.maxEntries);
    this.negative = new LruCache(this.opts.l1.maxEntries);
    for (const flight of this.flights.values()) flight.stale = true;
    this.flights.clear();
  }

  stats(): Readonly<CacheStats> {
    return { ...this.counts };
  }

  /** Stops listening for invalidations. The L2 connection belongs to whoever created it. */
  close(): void {
    this.unsubscribe();
  }

  private dropLocal(keys: readonly string[]): void {
    for (const key of keys) {
      this.l1.remove(key);
      this.negative.remove(key);
      const flight = this.flights.get(key);
      if (flight) {
        flight.stale = true;
        this.flights.delete(key);
      }
    }
  }

  /** L2 for reads and writes: present and not turned off. */
  private get l2(): SharedTier | undefined {
    return this.ttls.l2TtlMs > 0 ? this.opts.l2?.tier : undefined;
  }

  private async fill(key: string, ctx: C, flight: Flight): Promise<string> {
    let version: string | undefined;
    if (this.l2) {
      const seen = await this.readShared(key);
      if (seen?.value !== undefined) {
        this.counts.l2Hits++;
        if (seen.value === NOT_FOUND_MARKER) {
          this.counts.negativeHits++;
          this.storeLocal(key, seen.value, flight);
          throw this.opts.notFound(key);
        }
        this.storeLocal(key, seen.value, flight);
        return seen.value;
      }
      if (seen) {
        this.counts.l2Misses++;
        version = seen.version;
      }
    }
    this.counts.loads++;
    let value: string;
    try {
      value = await this.opts.load(key, ctx);
    } catch (err) {
      if (!isNotFoundError(err)) {
        this.counts.loadsFailed++;
        throw err;
      }
      this.counts.loadsNotFound++;
      if (this.ttls.negativeTtlMs > 0) await this.store(key, NOT_FOUND_MARKER, version, flight);
      throw err;
    }
    await this.store(key, value, version, flight);
    return value;
  }

  /** L2 trouble degrades to loading from the source (counted and logged), never to a failed read. */
  private async readShared(key: string) {
    try {
      return await this.l2?.read(key);
    } catch (err) {
      this.counts.l2Errors++;
      this.opts.logger.warn({ err, cache: this.opts.name, key }, "L2 read failed; loading from the source");
      return undefined;
    }
  }

  private async store(key: string, value: string, version: string | undefined, flight: Flight): Promise<void> {
    if (!this.storeLocal(key, value, flight)) return;
    const l2 = this.l2;
    if (!l2 || version === undefined) return;
    const ttlMs = value === NOT_FOUND_MARKER ? this.ttls.negativeTtlMs : this.ttls.l2TtlMs;
    try {
      if (!(await l2.writeIfUnchanged(key, value, ttlMs, version))) this.counts.staleDiscards++;
    } catch (err) {
      this.counts.l2Errors++;
      this.opts.logger.warn({ err, cache: this.opts.name, key }, "L2 write failed; the value stays in L1 only");
    }
  }

  /** False (and nothing stored) when the flight was overlapped by an invalidation of its key. */
  private storeLocal(key: string, value: string, flight: Flight): boolean {
    if (flight.stale) {
      this.counts.staleDiscards++;
      return false;
    }
    if (value === NOT_FOUND_MARKER) {
      if (this.ttls.negativeTtlMs > 0) this.negative.put(key, value, this.ttls.negativeTtlMs);
    } else if (this.ttls.l1TtlMs > 0) {
      this.l1.put(key, value, this.ttls.l1TtlMs);
    }
    return true;
  }

  private async invalidateShared(keys: readonly string[]): Promise<void> {
    const tier = this.opts.l2?.tier;
    if (!tier) return;
    try {
      await tier.invalidate(keys);
    } catch (err) {
      // The write that caused this already happened; failing the request would not undo it. L2 entries expire.
      this.counts.l2Errors++;
      this.opts.logger.error({ err, cache: this.opts.name, keys: keys.length }, "L2 invalidation failed; entries live until their TTL");
    }
  }
}
