import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasMariadb, hasRedis, servicesRequired, startMariadb, startRedis, type TestServer } from "@bookstore/platform/testing";
import { startBookstore, type ApiClient, type TestBookstore } from "../support/bookstore.js";

/** GET /api/v1/admin/stats/carts: carts started and converted per UTC day (README, admin console). */
function cartStatsSuite(start: () => Promise<TestBookstore>) {
  let bs: TestBookstore;
  let admin: ApiClient;
  let bookIds: string[];
  beforeAll(async () => {
    bs = await start();
    admin = await bs.login("admin");
    bookIds = (await bs.request("GET", "/api/v1/books?page=1&size=3")).json.items.map((b: { id: string }) => b.id);
  }, 120_000);
  afterAll(() => bs?.close());

  const today = () => new Date().toISOString().slice(0, 10);
  const stats = async (query = "") => {
    const res = await admin.get(`/api/v1/admin/stats/carts${query}`);
    expect(res.status, res.text).toBe(200);
    return res.json as { date: string; cartsStarted: number; cartsConverted: number; abandonmentRate: number | null };
  };

  it("counts two carts started and one ordered from as half abandoned; a replay or a second add counts nothing", async () => {
    const [a, b] = bookIds;
    if (!a || !b) throw new Error("no seeded books");
    const before = await stats();
    expect(before).toEqual({ date: today(), cartsStarted: 0, cartsConverted: 0, abandonmentRate: null });

    const [buyer, browser] = [await bs.newCustomer(), await bs.newCustomer()];
    for (const who of [buyer, browser]) expect((await who.post("/api/v1/cart/items", { bookId: a, quantity: 1 })).status).toBe(200);
    expect((await buyer.post("/api/v1/cart/items", { bookId: b, quantity: 2 })).status).toBe(200); // not empty: same cart
    expect(await stats()).toMatchObject({ cartsStarted: 2, cartsConverted: 0, abandonmentRate: 1 });

    const key = { "Idempotency-Key": `stats-${randomUUID()}` };
    const placed = await buyer.post("/api/v1/orders", { fromCart: true }, key);
    expect(placed.status, placed.text).toBe(201);
    expect((await buyer.post("/api/v1/orders", { fromCart: true }, key)).json.id).toBe(placed.json.id); // replayed
    // Ordering items directly (not from the cart) converts nothing.
    expect((await browser.post("/api/v1/orders", { items: [{ bookId: b, quantity: 1 }] }, { "Idempotency-Key": randomUUID() })).status).toBe(201);

    expect(await stats()).toEqual({ date: today(), cartsStarted: 2, cartsConverted: 1, abandonmentRate: 0.5 });
    expect(await stats(`?date=${today()}`)).toEqual(await stats());
    expect(await stats("?date=2001-01-01")).toEqual({ date: "2001-01-01", cartsStarted: 0, cartsConverted: 0, abandonmentRate: null });

    // The ordered lines left the buyer's cart; filling it again starts a new cart.
    expect((await buyer.get("/api/v1/cart")).json.items).toEqual([]);
    await buyer.post("/api/v1/cart/items", { bookId: a, quantity: 1 });
    expect(await stats()).toMatchObject({ cartsStarted: 3, cartsConverted: 1 });
  });

  it("is for order:read holders only, and refuses a malformed date", async () => {
    expect((await (await bs.login("viewer")).get("/api/v1/admin/stats/carts")).status).toBe(200);
    for (const who of [await bs.login("customer"), await bs.login("editor")]) {
      const res = await who.get("/api/v1/admin/stats/carts");
      expect(res.status, who.username).toBe(403);
      expect(res.json.error.code).toBe("FORBIDDEN");
    }
    expect((await bs.anonymous.get("/api/v1/admin/stats/carts")).status).toBe(401);
    for (const q of ["?date=today", "?date=2026-1-01", "?date=2026-13-01", "?date=2026-02-30", "?date=", "?day=2026-01-01"]) {
      const res = await admin.get(`/api/v1/admin/stats/carts${q}`);
      expect(res.status, `${q}: ${res.text}`).toBe(400);
      expect(res.json.error.code).toBe("VALIDATION_FAILED");
    }
  });
}

describe("cart abandonment stats in the embedded profile (SQL carts)", () => {
  cartStatsSuite(() => startBookstore());
});

describe.runIf((hasMariadb() && hasRedis()) || servicesRequired)("cart abandonment stats on MariaDB + Redis (Redis carts)", () => {
  let mariadb: TestServer | undefined;
  let redis: TestServer | undefined;
  afterAll(async () => {
    await Promise.all([mariadb?.stop(), redis?.stop()]);
  });
  cartStatsSuite(async () => {
    [mariadb, redis] = await Promise.all([startMariadb(), startRedis()]);
    return startBookstore({ env: { DATABASE_URL: mariadb.url, REDIS_URL: redis.url } });
  });
});
