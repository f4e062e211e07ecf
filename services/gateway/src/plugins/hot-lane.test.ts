import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics } from "@bookstore/platform/metrics";
import { BookDetailHotLane } from "./hot-lane.js";
import { LocalWindowLimiter } from "./rate-limit.js";

describe("BookDetailHotLane", () => {
  const cached = new Map([["123", '{"id":"123","title":"计算机网络"}']]);
  const lane = new BookDetailHotLane(createMetrics(), { window: new LocalWindowLimiter(), perIpPerMinute: 3 });
  let server: Server;
  let base = "";
  const fellThrough: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (lane.serve(req, res)) return;
      fellThrough.push(`${req.method} ${req.url}`);
      res.writeHead(299).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("passes everything to fastify until enabled, then answers exact cached GETs only", async () => {
    expect((await fetch(`${base}/api/v1/books/123`)).status).toBe(299);
    lane.enable({ cached: (id) => cached.get(id) });
    const hit = await fetch(`${base}/api/v1/books/123`);
    expect(hit.status).toBe(200);
    expect(hit.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await hit.text()).toBe(cached.get("123"));
    fellThrough.length = 0;
    for (const path of ["/api/v1/books/999", "/api/v1/books/123?x=1", "/api/v1/books/123/stock", "/api/v1/books/0123"])
      expect((await fetch(base + path)).status, path).toBe(299);
    expect((await fetch(`${base}/api/v1/books/123`, { headers: { "x-forwarded-for": "10.1.1.1" } })).status).toBe(299);
    expect((await fetch(`${base}/api/v1/books/123`, { method: "POST" })).status).toBe(299);
    expect(fellThrough).toHaveLength(6);
  });

  it("sends a client over its per-IP window to fastify (which answers the 429)", async () => {
    // Window of 3 per minute: one hit was used above, two more are served, then the lane steps aside.
    expect((await fetch(`${base}/api/v1/books/123`)).status).toBe(200);
    expect((await fetch(`${base}/api/v1/books/123`)).status).toBe(200);
    expect((await fetch(`${base}/api/v1/books/123`)).status).toBe(299);
  });
});
