import type { Config, LiveConfig } from "@bookstore/platform/config";
import type { Logger } from "@bookstore/platform/logger";
import type { Metrics } from "@bookstore/platform/metrics";
import type { EventBus } from "@bookstore/platform/events";
import type { RedisClient } from "@bookstore/platform/kv";
import type { ServiceClients } from "./clients.js";

/** What every route plugin receives. Adapters are created by the caller of buildGateway, never by a plugin. */
export interface GatewayDeps {
  clients: ServiceClients;
  config: Readonly<Config>;
  /** Hot-reloadable settings (rate limits, breakers, cache TTLs, features): read `.current` per use. */
  settings?: LiveConfig | undefined;
  logger: Logger;
  metrics: Metrics;
  /** Cross-process notifications (cache invalidation, listing and order events). */
  events: EventBus;
  /** The gateway's Redis connection when REDIS_URL is set (L2 cache, rate limits); opened and closed by the caller. */
  redis?: RedisClient | undefined;
  /** Dependency name → healthy, for /readyz. */
  ready: () => Promise<Record<string, boolean>>;
}
