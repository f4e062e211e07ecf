import fp from "fastify-plugin";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config, LiveConfig } from "@bookstore/platform/config";
import { AppError, Reason } from "@bookstore/platform/errors";

type Features = Config["features"];
type Gate = (features: Features, req: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined;

const switchedOff = (what: string, flag: keyof Features) =>
  new AppError(Reason.UNAVAILABLE, `${what} is switched off`, { feature: `features.${flag}` });

const flashSalesOn: Gate = (f) => {
  if (!f.flashSales) throw switchedOff("flash sales", "flashSales");
  return undefined;
};

/** What each feature flag turns off at the edge, by route ("METHOD /url template"); see README "Configuration and hot reload". */
const GATES: Record<string, Gate> = {
  // New sales and purchases stop; reading sales and purchase results keeps working, so buyers can see what they got.
  "POST /api/v1/admin/flash-sales": flashSalesOn,
  "POST /api/v1/flash-sales/:id/purchase": flashSalesOn,
  // An empty list rather than an error: storefronts render "no hot keywords" and nothing breaks.
  "GET /api/v1/search/hot": (f, req, reply) => {
    if (f.hotKeywords) return undefined;
    const query = req.query as { window?: unknown } | undefined;
    return reply.send({ window: query?.window === "24h" ? "24h" : "1h", keywords: [] });
  },
};

/**
 * Feature flags (features.*) that switch off whole routes, read per request so a config reload takes effect at once.
 * Runs as a preHandler, after authentication and validation: a switched-off feature still answers 401/403/400 first.
 * (features.recommendationsOnBookDetail acts in the book detail loader, where the call it saves is made.)
 */
export const featureFlagsPlugin = fp<{ settings: LiveConfig }>(
  async (app, { settings }) => {
    app.addHook("onRoute", (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        const gate = GATES[`${method} ${route.url}`];
        if (gate === undefined) continue;
        const hook = async (req: FastifyRequest, reply: FastifyReply) => gate(settings.current.features, req, reply);
        const existing = route.preHandler;
        route.preHandler = existing === undefined ? [hook] : [...(Array.isArray(existing) ? existing : [existing]), hook];
      }
    });
  },
  { name: "feature-flags" },
);
