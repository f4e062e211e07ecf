export type { Cache } from "./cache.js";
export { LruCache } from "./lru-cache.js";
export { RedisCache } from "./redis-cache.js";
export { RedisSharedTier, type SharedRead, type SharedTier } from "./shared-tier.js";
export { TieredCache, type CacheStats, type TieredCacheOptions } from "./tiered-cache.js";
export { exposeCacheMetrics } from "./cache-metrics.js";
