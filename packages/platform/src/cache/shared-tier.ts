import { isCluster, type RedisClient } from "../kv/index.js";

/** What a read of the shared tier saw: the value (if any) and the key's invalidation version at that moment. */
export interface SharedRead {
  value: string | undefined;
  version: string;
}

/**
 * The cache level shared by every process (L2). Writes are conditional on the version read before the load, so a
 * process whose load overlapped an invalidation elsewhere cannot put what it read back into the shared tier.
 */
export interface SharedTier {
  read(key: string): Promise<SharedRead>;
  /** Stores the value unless the key was invalidated since `version` was read; false when it was. */
  writeIfUnchanged(key: string, value: string, ttlMs: number, version: string): Promise<boolean>;
  /** Deletes the values and bumps their versions, so loads that started before this never store. */
  invalidate(keys: readonly string[]): Promise<void>;
}

// KEYS[1] value, KEYS[2] version; ARGV[1] value, ARGV[2] ttl ms, ARGV[3] version seen by the reader.
const WRITE_IF_UNCHANGED = `
if (redis.call('GET', KEYS[2]) or '0') == ARGV[3] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`;

// KEYS[1] value, KEYS[2] version; ARGV[1] version ttl ms.
const INVALIDATE = `
redis.call('DEL', KEYS[1])
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return 1`;

/**
 * A version outlives any load by far; it expires only so that keys invalidated once do not stay in Redis forever.
 * (An expired version reads as "0", which differs from every version a running load could have seen but "0".)
 */
const VERSION_TTL_MS = 3_600_000;

/**
 * L2 on Redis (standalone or Cluster): `<prefix>{key}` holds the value and `<prefix>{key}:v` the invalidation
 * counter. The hash tag keeps both in one slot, so the conditional write and the invalidation are atomic on Cluster.
 */
export class RedisSharedTier implements SharedTier {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async read(key: string): Promise<SharedRead> {
    const [value, version] = await this.redis.mget(this.valueKey(key), this.versionKey(key));
    return { value: value ?? undefined, version: version ?? "0" };
  }

  async writeIfUnchanged(key: string, value: string, ttlMs: number, version: string): Promise<boolean> {
    const stored = await this.redis.eval(
      WRITE_IF_UNCHANGED,
      2,
      this.valueKey(key),
      this.versionKey(key),
      value,
      String(Math.max(1, Math.round(ttlMs))),
      version,
    );
    return stored === 1;
  }

  async invalidate(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    const script = (key: string) => [INVALIDATE, 2, this.valueKey(key), this.versionKey(key), String(VERSION_TTL_MS)] as const;
    // One atomic script per key (a key's two entries share a slot; different keys may not). A Cluster refuses a
    // pipeline whose keys live on different masters, so there each script goes on its own, all at once.
    if (isCluster(this.redis)) {
      const cluster = this.redis;
      await Promise.all(keys.map((key) => cluster.eval(...script(key))));
      return;
    }
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.eval(...script(key));
    const results = await pipeline.exec();
    const failed = results?.find(([err]) => err !== null);
    if (failed?.[0]) throw failed[0];
  }

  private valueKey(key: string): string {
    return `${this.prefix}{${key}}`;
  }

  private versionKey(key: string): string {
    return `${this.prefix}{${key}}:v`;
  }
}
