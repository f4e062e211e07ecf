import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, hasMariadb, hasRedis, servicesRequired, startMariadb, startRedis, type TestServer } from "@bookstore/platform/testing";
import { startBookstore, type ApiClient, type TestBookstore } from "../support/bookstore.js";

/**
 * The admin dashboard's day figures (README, admin console): GET /api/v1/admin/stats/carts (carts started and
 * converted per UTC day) and GET /api/v1/admin/stats/sales (orders placed, orders paid, revenue).
 */
function dayStatsSuite(start: () => Promise<TestBookstore>) {
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

  it("counts today's orders placed, and the paid ones with what they paid; an unpaid or cancelled order earns nothing", async () => {
    const [a, b] = bookIds;
    if (!a || !b) throw new Error("no seeded books");
    const sales = async (query = "") => {
      const res = await admin.get(`/api/v1/admin/stats/sales${query}`);
      expect(res.status, res.text).toBe(200);
      return res.json as { date: string; ordersPlaced: number; ordersPaid: number; revenueCents: number; currency: string };
    };
    const before = await sales();
    expect(before.date).toBe(today());
    const buyer = await bs.newCustomer();
    const place = async (bookId: string, quantity: number) => {
      const res = await buyer.post("/api/v1/orders", { items: [{ bookId, quantity }] }, { "Idempotency-Key": randomUUID() });
      expect(res.status, res.text).toBe(201);
      return res.json as { id: string; payableCents: number };
    };
    const status = async (id: string) => (await buyer.get(`/api/v1/orders/${id}`)).json.status as string;
    const [paid, unpaid, cancelled] = [await place(a, 2), await place(b, 1), await place(b, 1)];
    expect((await buyer.post(`/api/v1/orders/${paid.id}/pay`)).status).toBe(202);
    await eventually(async () => expect(await status(paid.id)).toBe("paid"), { timeoutMs: 5_000 });
    expect((await buyer.post(`/api/v1/orders/${cancelled.id}/cancel`)).status).toBe(200);
    expect(await status(unpaid.id)).toBe("pending_payment");

    expect(await sales()).toEqual({
      date: today(),
      ordersPlaced: before.ordersPlaced + 3,
      ordersPaid: before.ordersPaid + 1,
      revenueCents: before.revenueCents + paid.payableCents,
      currency: "CNY",
    });
    expect(paid.payableCents).toBeGreaterThan(0);
    expect(await sales("?date=2001-01-01")).toEqual({ date: "2001-01-01", ordersPlaced: 0, ordersPaid: 0, revenueCents: 0, currency: "CNY" });
  });

  it("is for order:read holders only, and refuses a malformed date", async () => {
    for (const route of ["carts", "sales"]) {
      const path = `/api/v1/admin/stats/${route}`;
      expect((await (await bs.login("viewer")).get(path)).status).toBe(200);
      for (const who of [await bs.login("customer"), await bs.login("editor")]) {
        const res = await who.get(path);
        expect(res.status, `${route} as ${who.username}`).toBe(403);
        expect(res.json.error.code).toBe("FORBIDDEN");
      }
      expect((await bs.anonymous.get(path)).status).toBe(401);
      for (const q of ["?date=today", "?date=2026-1-01", "?date=2026-13-01", "?date=2026-02-30", "?date=", "?day=2026-01-01"]) {
        const res = await admin.get(`${path}${q}`);
        expect(res.status, `${route}${q}: ${res.text}`).toBe(400);
        expect(res.json.error.code).toBe("VALIDATION_FAILED");
      }
    }
  });
}

describe("admin day stats in the embedded profile (SQL carts)", () => {
  dayStatsSuite(() => startBookstore());
});

describe.runIf((hasMariadb() && hasRedis()) || servicesRequired)("admin day stats on MariaDB + Redis (Redis carts)", () => {
  let mariadb: TestServer | undefined;
  let redis: TestServer | undefined;
  afterAll(async () => {
    await Promise.all([mariadb?.stop(), redis?.stop()]);
  });
  dayStatsSuite(async () => {
    [mariadb, redis] = await Promise.all([startMariadb(), startRedis()]);
    return startBookstore({ env: { DATABASE_URL: mariadb.url, REDIS_URL: redis.url } });
  });
});
