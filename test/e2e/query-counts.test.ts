import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBookstore, type ApiClient, type TestBookstore } from "../support/bookstore.js";

// List pages must cost a fixed number of SQL statements per service, whatever the page size: no N+1.
// Counts come from db_queries_total on /metrics (every statement Kysely runs, by owning service).

type Counts = Record<string, number>;

describe("list pages issue a constant number of queries (no N+1)", () => {
  let bs: TestBookstore;
  let admin: ApiClient;
  let customer: ApiClient;
  let bookIds: string[];

  async function queryCounts(): Promise<Counts> {
    const text = (await bs.request("GET", "/metrics")).text;
    const counts: Counts = {};
    for (const m of text.matchAll(/^db_queries_total\{([^}]*)\} (\d+)/gm)) {
      const service = /service="([^"]+)"/.exec(m[1] ?? "")?.[1] ?? "?";
      counts[service] = (counts[service] ?? 0) + Number(m[2]);
    }
    return counts;
  }

  /**
   * What a /metrics scrape itself costs (the job queue-depth gauge reads the SQL job tables at scrape time), measured
   * with nothing in between; subtracted from every request's count.
   */
  async function scrapeCost(): Promise<Counts> {
    let best: Counts | undefined;
    for (let i = 0; i < 4; i++) {
      const before = await queryCounts();
      const after = await queryCounts();
      const delta: Counts = {};
      for (const [s, n] of Object.entries(after)) delta[s] = n - (before[s] ?? 0);
      best = best ? Object.fromEntries(Object.keys({ ...best, ...delta }).map((s) => [s, Math.min(best?.[s] ?? 0, delta[s] ?? 0)])) : delta;
    }
    return best ?? {};
  }

  /** Queries per service for one request; the least of a few tries, since background pollers only ever add. */
  async function queriesFor(call: () => Promise<{ status: number; text: string }>): Promise<Counts> {
    const scrape = await scrapeCost();
    const perRequest = await rawQueriesFor(call);
    return Object.fromEntries(Object.entries(perRequest).map(([s, n]) => [s, n - (scrape[s] ?? 0)]).filter(([, n]) => n !== 0));
  }

  async function rawQueriesFor(call: () => Promise<{ status: number; text: string }>): Promise<Counts> {
    let best: Counts | undefined;
    for (let i = 0; i < 4; i++) {
      const before = await queryCounts();
      const res = await call();
      expect(res.status, res.text).toBe(200);
      const after = await queryCounts();
      const delta: Counts = {};
      for (const [s, n] of Object.entries(after)) delta[s] = n - (before[s] ?? 0);
      best = best ? Object.fromEntries(Object.keys({ ...best, ...delta }).map((s) => [s, Math.min(best?.[s] ?? 0, delta[s] ?? 0)])) : delta;
    }
    return best ?? {};
  }

  const total = (c: Counts) => Object.values(c).reduce((a, b) => a + b, 0);

  beforeAll(async () => {
    bs = await startBookstore();
    admin = await bs.login("admin");
    customer = await bs.newCustomer();
    bookIds = (await bs.request("GET", "/api/v1/books?size=100")).json.items.map((b: { id: string }) => b.id);
    for (const id of bookIds.slice(0, 12)) {
      const res = await customer.post("/api/v1/cart/items", { bookId: id, quantity: 1 });
      expect(res.status, res.text).toBe(200);
    }
    for (const id of bookIds.slice(20, 30)) {
      const res = await customer.post("/api/v1/orders", { items: [{ bookId: id, quantity: 1 }, { bookId: bookIds[40], quantity: 1 }] }, { "Idempotency-Key": randomUUID() });
      expect(res.status, res.text).toBe(201);
    }
  });
  afterAll(() => bs?.close());

  it("GET /books costs the same for 5 or 100 books", async () => {
    const small = await queriesFor(() => bs.request("GET", "/api/v1/books?size=5"));
    const large = await queriesFor(() => bs.request("GET", "/api/v1/books?size=100"));
    expect(large).toEqual(small);
    expect(total(large)).toBeGreaterThan(0); // the counter is really read
    expect(total(large)).toBeLessThanOrEqual(3);
  });

  it("GET /orders costs the same for 2 or 10 orders with their lines", async () => {
    const small = await queriesFor(() => customer.get("/api/v1/orders?size=2"));
    const large = await queriesFor(() => customer.get("/api/v1/orders?size=10"));
    expect(large).toEqual(small);
    expect(total(large)).toBeGreaterThan(0);
    expect(total(large)).toBeLessThanOrEqual(4);
  });

  it("GET /cart with 12 lines and GET /search with 50 hits stay constant", async () => {
    expect(total(await queriesFor(() => customer.get("/api/v1/cart")))).toBeLessThanOrEqual(3);
    const few = await queriesFor(() => bs.request("GET", "/api/v1/search?q=%E8%AE%A1%E7%AE%97%E6%9C%BA&size=2"));
    const many = await queriesFor(() => bs.request("GET", "/api/v1/search?q=the&size=50"));
    expect(total(many)).toBeGreaterThan(0);
    expect(total(many)).toBe(total(few));
  });

  it("GET /users (admin) costs the same for 1 or 50 users", async () => {
    const small = await queriesFor(() => admin.get("/api/v1/users?size=1"));
    const large = await queriesFor(() => admin.get("/api/v1/users?size=50"));
    expect(large).toEqual(small);
    expect(total(large)).toBeLessThanOrEqual(3);
  });
});
