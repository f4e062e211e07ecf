import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBookstore, type TestBookstore } from "../support/bookstore.js";

// A cached GET /books/{id} is answered before fastify (plugins/hot-lane.ts): it must be indistinguishable from the
// fastify answer and obey the same per-IP limit.
describe("book detail hot lane", () => {
  let bs: TestBookstore;
  let id: string;
  beforeAll(async () => {
    bs = await startBookstore({ env: { BOOKSTORE_RATE_LIMIT__PER_IP_PER_MINUTE: "8" } });
    id = (await bs.request("GET", "/api/v1/books?size=1")).json.items[0].id; // request 1 of 8
  });
  afterAll(() => bs?.close());

  it("answers a cached page with the same bytes and headers, and counts it against the per-IP limit", async () => {
    const first = await bs.request("GET", `/api/v1/books/${id}`); // 2: a miss, through fastify; fills L1
    const hot = await bs.request("GET", `/api/v1/books/${id}`); // 3: from the hot lane
    expect(first.status).toBe(200);
    expect(hot.status).toBe(200);
    expect(hot.text).toBe(first.text);
    expect(hot.headers.get("content-type")).toBe(first.headers.get("content-type"));
    expect(hot.headers.get("content-length")).toBe(String(Buffer.byteLength(first.text)));
    expect(hot.json).toMatchObject({ id, stockStatus: expect.any(String), recommendations: expect.any(Array) });

    // 4–8 mix hot hits and fastify requests in one window; the 9th is over the limit wherever it would go.
    for (let i = 4; i <= 8; i++) {
      const path = i % 2 === 0 ? `/api/v1/books/${id}` : "/api/v1/categories";
      expect((await bs.request("GET", path)).status, `request ${i}`).toBe(200);
    }
    const over = await bs.request("GET", `/api/v1/books/${id}`);
    expect(over.status).toBe(429);
    expect(over.json).toMatchObject({ error: { code: "RATE_LIMITED" } });
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("leaves anything but an exact cached GET to fastify", async () => {
    // Each of these would be wrong if the hot lane took it: a HEAD has no body, a sub-path is another route.
    const head = await fetch(`${bs.baseUrl}/api/v1/books/${id}`, { method: "HEAD" });
    expect([200, 429]).toContain(head.status);
    expect(await head.text()).toBe("");
    const stock = await bs.request("GET", `/api/v1/books/${id}/stock`);
    expect(stock.status === 401 || stock.status === 429).toBe(true); // needs inventory:read, or over the limit
  });
});
