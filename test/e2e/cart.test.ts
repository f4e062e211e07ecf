import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBookstore, type ApiClient, type TestBookstore } from "../support/bookstore.js";

interface Book {
  id: string;
  title: string;
  priceCents: number;
}

describe("the shopping cart through the gateway", () => {
  let bs: TestBookstore;
  let books: Book[];
  beforeAll(async () => {
    bs = await startBookstore();
    const page = await bs.request("GET", "/api/v1/books?page=1&size=10");
    books = page.json.items;
  });
  afterAll(() => bs.close());

  const book = (i: number): Book => {
    const b = books[i];
    if (!b) throw new Error(`no seeded book #${i}`);
    return b;
  };

  it("adds, increments, updates and removes lines, answering the whole cart with current prices", async () => {
    const me = await bs.newCustomer();
    const [a, b] = [book(0), book(1)];
    expect((await me.get("/api/v1/cart")).json).toEqual({ items: [], totalCents: 0, currency: "CNY" });

    const first = await me.post("/api/v1/cart/items", { bookId: a.id, quantity: 1 });
    expect(first.status).toBe(200);
    expect(first.json.items).toEqual([{ bookId: a.id, title: a.title, quantity: 1, priceCents: a.priceCents }]);

    const twice = await me.post("/api/v1/cart/items", { bookId: a.id, quantity: 2 });
    expect(twice.json.items[0].quantity).toBe(3);

    await me.post("/api/v1/cart/items", { bookId: b.id, quantity: 1 });
    const patched = await me.patch(`/api/v1/cart/items/${b.id}`, { quantity: 4 });
    expect(patched.status).toBe(200);
    expect(patched.json.totalCents).toBe(3 * a.priceCents + 4 * b.priceCents);
    expect(patched.json.items).toHaveLength(2);

    const removed = await me.delete(`/api/v1/cart/items/${a.id}`);
    expect(removed.status).toBe(200);
    expect(removed.json).toEqual({
      items: [{ bookId: b.id, title: b.title, quantity: 4, priceCents: b.priceCents }],
      totalCents: 4 * b.priceCents,
      currency: "CNY",
    });
    expect((await me.get("/api/v1/cart")).json.items).toHaveLength(1);
  });

  it("rejects zero, negative, fractional, too large and non-integer quantities with 400", async () => {
    const me = await bs.newCustomer();
    const id = book(2).id;
    for (const quantity of [0, -1, 1.5, 100, "2", [1], null]) {
      const res = await me.post("/api/v1/cart/items", { bookId: id, quantity });
      expect(res.status, JSON.stringify(quantity)).toBe(400);
      expect(res.json.error.code).toBe("VALIDATION_FAILED");
    }
    await me.post("/api/v1/cart/items", { bookId: id, quantity: 1 });
    for (const quantity of [0, -3, "5"])
      expect((await me.patch(`/api/v1/cart/items/${id}`, { quantity })).status, JSON.stringify(quantity)).toBe(400);
    expect((await me.post("/api/v1/cart/items", { bookId: id, quantity: 1, price: 1 })).status).toBe(400);
    expect((await me.post("/api/v1/cart/items", { bookId: "abc", quantity: 1 })).status).toBe(400);
    expect((await me.get("/api/v1/cart")).json.items).toEqual([expect.objectContaining({ bookId: id, quantity: 1 })]);
  });

  it("answers 404 for a book that does not exist and for a line that is not in the cart", async () => {
    const me = await bs.newCustomer();
    const unknown = await me.post("/api/v1/cart/items", { bookId: "999999999999999999", quantity: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe("NOT_FOUND");
    const missing = await me.patch(`/api/v1/cart/items/${book(3).id}`, { quantity: 2 });
    expect(missing.status).toBe(404);
    expect((await me.delete(`/api/v1/cart/items/${book(3).id}`)).status).toBe(200);
  });

  it("keeps every customer's cart to themselves and needs a signed-in user", async () => {
    const me: ApiClient = await bs.newCustomer();
    const other: ApiClient = await bs.newCustomer();
    await me.post("/api/v1/cart/items", { bookId: book(4).id, quantity: 2 });
    expect((await other.get("/api/v1/cart")).json.items).toEqual([]);
    expect((await bs.anonymous.get("/api/v1/cart")).status).toBe(401);
    expect((await bs.anonymous.post("/api/v1/cart/items", { bookId: book(4).id, quantity: 1 })).status).toBe(401);
  });
});
