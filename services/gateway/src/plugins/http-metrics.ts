import fp from "fastify-plugin";
import type { Metrics } from "@bookstore/platform/metrics";

/** RED metrics per route template (never the raw URL, which would explode label cardinality). */
export const httpMetricsPlugin = fp<{ metrics: Metrics }>(
  async (app, { metrics }) => {
    app.addHook("onResponse", async (req, reply) => {
      metrics.httpRequests
        .labels({ method: req.method, route: req.routeOptions.url ?? "unmatched", status: String(reply.statusCode) })
        .observe(reply.elapsedTime / 1000);
    });
  },
  { name: "http-metrics" },
);
