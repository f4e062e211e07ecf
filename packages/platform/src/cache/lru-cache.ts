import { LRUCache } from "lru-cache";
import type { Cache } from "./cache.js";

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
    this.put(key, value, ttlMs);
    return Promise.resolve();
  }
  /** Synchronous set; a TTL of 0 or less stores nothing (lru-cache would read 0 as "never expires"). */
  put(key: string, value: string, ttlMs: number): void {
    if (ttlMs > 0) this.lru.set(key, value, { ttl: ttlMs });
  }
  delete(key: string): Promise<void> {
    this.remove(key);
    return Promise.resolve();
  }
  remove(key: string): void {
    this.lru.delete(key);
  }
}
