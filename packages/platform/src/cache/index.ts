import { LRUCache } from "lru-cache";
import type { Redis } from "ioredis";

/** A string cache with per-entry TTL. Values are serialized by the caller, so every backend stores the same bytes. */
export interface Cache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

export class LruCache implements Cache {
  private readonly lru: LRUCache<string, string>;
  constructor(maxEntries: number) {
    this.lru = new LRUCache<string, string>({ max: maxEntries, ttlAutopurge: false });
  }
  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.lru.get(key));
  }
  /** Synchronous read for hot paths that must not yield (the gateway's cached book detail). */
  peek(key: string): string | undefined {
    return this.lru.get(key);
  }
  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.lru.set(key, value, { ttl: ttlMs });
    return Promise.resolve();
  }
  delete(key: string): Promise<void> {
    this.lru.delete(key);
    return Promise.resolve();
  }
}

export class RedisCache implements Cache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = "cache:",
  ) {}
  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(this.prefix + key)) ?? undefined;
  }
  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.prefix + key, value, "PX", Math.max(1, ttlMs));
  }
  async delete(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }
}
