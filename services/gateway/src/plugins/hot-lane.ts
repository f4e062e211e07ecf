import type { IncomingMessage, ServerResponse } from "node:http";
import type { Metrics } from "@bookstore/platform/metrics";
import type { LocalWindowLimiter } from "./rate-limit.js";

const PREFIX = "/api/v1/books/";
const ROUTE = "/api/v1/books/:id";
const ID = /^[1-9][0-9]{0,18}$/;

export interface HotDetails {
  /** The serialized detail if it is in L1, synchronously. */
  cached(id: string): string | undefined;
}

/**
 * The hottest request in the shop, a cached GET /api/v1/books/{id}, answered straight from the HTTP server's
 * request event: the bytes are in L1 already and the route is public, so fastify's lifecycle (routing, hooks,
 * validation, reply objects) would only add CPU. Everything else, including every miss, any query string, a
 * forwarded client IP and a client over its per-IP limit, goes to fastify and its full rules.
 * The per-IP count here is this process's own fixed window at the configured limit; with Redis, fastify's limiter
 * shares counts between gateways, so the hot lane can let one client read cached pages on each gateway at that rate.
 */
export class BookDetailHotLane {
  private details: HotDetails | undefined;
  private readonly observed: { observe(seconds: number): void };

  constructor(
    metrics: Metrics,
    private readonly limit: { window: LocalWindowLimiter; perIpPerMinute: number } | undefined,
  ) {
    this.observed = metrics.httpRequests.labels({ method: "GET", route: ROUTE, status: "200" });
  }

  /** Starts serving from `details` (after the routes are registered); before that everything goes to fastify. */
  enable(details: HotDetails): void {
    this.details = details;
  }

  /** True when it answered the request; false to let fastify handle it. */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    const details = this.details;
    const url = req.url;
    if (details === undefined || req.method !== "GET" || url === undefined || !url.startsWith(PREFIX)) return false;
    const id = url.slice(PREFIX.length);
    if (!ID.test(id) || req.headers["x-forwarded-for"] !== undefined) return false;
    const body = details.cached(id);
    if (body === undefined || !this.allow(req.socket.remoteAddress ?? "")) return false;
    const started = performance.now();
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
    res.end(body);
    this.observed.observe((performance.now() - started) / 1000);
    return true;
  }

  private allow(ip: string): boolean {
    return this.limit === undefined || this.limit.window.hit(`ip:${ip}`, this.limit.perIpPerMinute) === undefined;
  }
}
