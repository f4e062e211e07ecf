import fp from "fastify-plugin";
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest, onRequestHookHandler, preHandlerHookHandler } from "fastify";
import { rateLimited } from "@bookstore/platform/errors";
import type { RedisClient } from "@bookstore/platform/kv";

export interface RateLimitSettings {
  enabled: boolean;
  perIpPerMinute: number;
  perUserPerMinute: number;
  /** Login, register and refresh: the brute-force guard, per IP. */
  authPerIpPerMinute: number;
}

const MINUTE_MS = 60_000;

declare module "fastify" {
  interface FastifyInstance {
    /** Hooks for /api routes; they let everything through while rateLimit.enabled is false. */
    limits: { perIp: onRequestHookHandler; perUser: preHandlerHookHandler; auth: onRequestHookHandler };
  }
}

/**
 * A fixed one-minute window per key, in this process, synchronous: the embedded profile's per-IP limit, shared with
 * the hot lane so a cached page and any other request count against the same budget. Memory holds one window.
 */
export class LocalWindowLimiter {
  private window = 0;
  private counts = new Map<string, number>();

  constructor(private readonly nowMs: () => number = Date.now) {}

  /** Counts a request; returns the seconds to wait when it is over `limit`, else undefined. */
  hit(key: string, limit: number): number | undefined {
    const now = this.nowMs();
    const window = Math.floor(now / MINUTE_MS);
    if (window !== this.window) {
      this.window = window;
      this.counts = new Map();
    }
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n <= limit ? undefined : Math.max(1, Math.ceil(((window + 1) * MINUTE_MS - now) / 1000));
  }
}

/**
 * Fixed-window limits (@fastify/rate-limit) with counters in Redis when the gateway has one, so every gateway
 * instance shares them; in memory otherwise. Over the limit: 429 RATE_LIMITED with Retry-After. If Redis fails the
 * request is let through (skipOnError): an outage of the limiter must not become an outage of the shop.
 */
export const rateLimitPlugin = fp<{ settings: () => RateLimitSettings; redis?: RedisClient | undefined; local: LocalWindowLimiter }>(
  async (app: FastifyInstance, { settings, redis, local }) => {
    // Limits are hot-reloadable (rateLimit.*, enabled too), so each check reads `settings()` when it runs.
    await app.register(rateLimit, {
      global: false,
      ...(redis ? { redis } : {}),
      // No hash tag: each counter is one key (its script is single-key), so on a Cluster they spread over the masters.
      nameSpace: "bookstore:ratelimit:",
      skipOnError: true,
    });
    // createRateLimit gives checkers, not reply hooks: the plugin's own hooks run at most one limit per request,
    // and a request here passes up to three (IP, user, auth).
    const limit = (max: (s: RateLimitSettings) => number, key: (req: FastifyRequest) => string | undefined) => {
      const check = app.createRateLimit({ max: () => max(settings()), timeWindow: MINUTE_MS, keyGenerator: (req) => key(req) ?? "" });
      return async (req: FastifyRequest) => {
        if (!settings().enabled || key(req) === undefined) return;
        const result = await check(req);
        if (!result.isAllowed && result.isExceeded) throw rateLimited(Math.max(1, result.ttlInSeconds));
      };
    };
    // Without Redis the per-IP window is the in-process one the hot lane shares (see hot-lane.ts).
    const perIpLocal = async (req: FastifyRequest) => {
      const now = settings();
      if (!now.enabled) return;
      const wait = local.hit(`ip:${req.ip}`, now.perIpPerMinute);
      if (wait !== undefined) throw rateLimited(wait);
    };
    app.decorate("limits", {
      perIp: redis ? limit((s) => s.perIpPerMinute, (req) => `ip:${req.ip}`) : perIpLocal,
      // Runs after authentication, so it counts the signed-in user wherever they connect from.
      perUser: limit((s) => s.perUserPerMinute, (req) => (req.caller ? `user:${req.caller.userId}` : undefined)),
      auth: limit((s) => s.authPerIpPerMinute, (req) => `auth:${req.ip}`),
    });
  },
  { name: "rate-limit" },
);
