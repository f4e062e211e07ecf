import fp from "fastify-plugin";
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest, onRequestHookHandler, preHandlerHookHandler } from "fastify";
import { rateLimited } from "@bookstore/platform/errors";
import type { Redis } from "@bookstore/platform/kv";

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
    /** Hooks for /api routes; no-ops when rate limiting is off. */
    limits: { perIp: onRequestHookHandler; perUser: preHandlerHookHandler; auth: onRequestHookHandler };
  }
}

const pass = async () => undefined;

/**
 * Fixed-window limits (@fastify/rate-limit) with counters in Redis when the gateway has one, so every gateway
 * instance shares them; in memory otherwise. Over the limit: 429 RATE_LIMITED with Retry-After. If Redis fails the
 * request is let through (skipOnError): an outage of the limiter must not become an outage of the shop.
 */
export const rateLimitPlugin = fp<{ settings: RateLimitSettings; redis?: Redis | undefined }>(
  async (app: FastifyInstance, { settings, redis }) => {
    if (!settings.enabled) {
      app.decorate("limits", { perIp: pass, perUser: pass, auth: pass });
      return;
    }
    await app.register(rateLimit, {
      global: false,
      ...(redis ? { redis } : {}),
      nameSpace: "{bookstore}:ratelimit:",
      skipOnError: true,
    });
    // createRateLimit gives checkers, not reply hooks: the plugin's own hooks run at most one limit per request,
    // and a request here passes up to three (IP, user, auth).
    const limit = (max: number, key: (req: FastifyRequest) => string | undefined) => {
      const check = app.createRateLimit({ max, timeWindow: MINUTE_MS, keyGenerator: (req) => key(req) ?? "" });
      return async (req: FastifyRequest) => {
        if (key(req) === undefined) return;
        const result = await check(req);
        if (!result.isAllowed && result.isExceeded) throw rateLimited(Math.max(1, result.ttlInSeconds));
      };
    };
    app.decorate("limits", {
      perIp: limit(settings.perIpPerMinute, (req) => `ip:${req.ip}`),
      // Runs after authentication, so it counts the signed-in user wherever they connect from.
      perUser: limit(settings.perUserPerMinute, (req) => (req.caller ? `user:${req.caller.userId}` : undefined)),
      auth: limit(settings.authPerIpPerMinute, (req) => `auth:${req.ip}`),
    });
  },
  { name: "rate-limit" },
);
