import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBookstore, type TestBookstore } from "../support/bookstore.js";

interface BookJson {
  id: string;
  title: string;
}

describe("recommendations through the gateway", () => {
  let bs: TestBookstore;
  let books: BookJson[];

  beforeAll(async () => {
    bs = await startBookstore();
    const page = await bs.request("GET", "/api/v1/books?page=1&size=20");
    expect(page.status, page.text).toBe(200);
    books = page.json.items;
    expect(books.length).toBe(20);
  });
  afterAll(() => bs.close());

  it("shows popular books for a book page, signed out, even before anyone did anything", async () => {
    const book = books[0]!;
    const res = await bs.request("GET", `/api/v1/recommendations?bookId=${book.id}`);
    expect(res.status, res.text).toBe(200);
    expect(res.json.strategy).toBe("popular");
    expect(res.json.items.length).toBeGreaterThan(0);
    expect(res.json.items[0]).toMatchObject({ id: expect.any(String), title: expect.any(String), priceCents: expect.any(Number) });
    expect(res.json.items.map((b: BookJson) => b.id)).not.toContain(book.id);
  });

  it("gives a signed-in customer a personal list and an anonymous caller 401", async () => {
    const customer = await bs.newCustomer();
    const mine = await customer.get("/api/v1/recommendations?limit=5");
    expect(mine.status, mine.text).toBe(200);
    expect(mine.json.strategy).toBe("popular");
    expect(mine.json.items.length).toBeGreaterThan(0);
    expect(mine.json.items.length).toBeLessThanOrEqual(5);

    const anonymous = await bs.anonymous.get("/api/v1/recommendations");
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error.code).toBe("UNAUTHENTICATED");
  });

  it("accepts behaviour events with 202 and rejects bad ones", async () => {
    const customer = await bs.newCustomer();
    const book = books[1]!;
    for (const body of [
      { type: "view", bookId: book.id },
      { type: "cart_add", bookId: book.id },
      { type: "feedback", bookId: book.id, value: 4 },
    ]) {
      const res = await customer.post("/api/v1/events", body);
      expect(res.status, res.text).toBe(202);
      expect(res.json).toEqual({ accepted: true });
    }
    for (const body of [
      { type: "like", bookId: book.id },
      { type: "view", bookId: "not-an-id" },
      { type: "view", bookId: book.id, extra: 1 },
      { type: "view", bookId: book.id, value: "1" },
    ]) {
      const res = await customer.post("/api/v1/events", body);
      expect(res.status, `${JSON.stringify(body)}: ${res.text}`).toBe(400);
      expect(res.json.error.code).toBe("VALIDATION_FAILED");
    }
    expect((await bs.anonymous.post("/api/v1/events", { type: "view", bookId: book.id })).status).toBe(401);
  });

  it("recommends what readers of a book also looked at", async () => {
    const [a, b] = [books[10]!, books[11]!];
    for (const reader of [await bs.newCustomer(), await bs.newCustomer()]) {
      expect((await reader.post("/api/v1/events", { type: "view", bookId: a.id })).status).toBe(202);
      expect((await reader.post("/api/v1/events", { type: "cart_add", bookId: b.id })).status).toBe(202);
    }
    const res = await bs.request("GET", `/api/v1/recommendations?bookId=${a.id}`);
    expect(res.status, res.text).toBe(200);
    expect(res.json.strategy).toBe("item_cf");
    expect(res.json.items[0].id).toBe(b.id);
  });

  it("rejects unknown query parameters and a malformed book id with 400", async () => {
    expect((await bs.request("GET", "/api/v1/recommendations?bookId=abc")).status).toBe(400);
    expect((await bs.request("GET", `/api/v1/recommendations?bookId=${books[0]!.id}&colour=red`)).status).toBe(400);
  });
});
