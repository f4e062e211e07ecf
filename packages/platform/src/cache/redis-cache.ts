import type { RedisClient } from "../kv/index.js";
import type { Cache } from "./cache.js";

export class RedisCache implements Cache {
  constructor(
    private readonly redis: RedisClient,
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
