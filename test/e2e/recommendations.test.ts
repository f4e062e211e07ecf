import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "@bookstore/platform/testing";
import { startBookstore, type TestBookstore } from "../support/bookstore.js";

interface BookJson {
  id: string;
  title: string;
  authors: string[];
  categoryId: string;
}

const REASON_CODES = ["bought_together", "viewed_together", "same_author", "similar_title", "popular_in_category", "popular", "new_arrival"];

describe("recommendations through the gateway", () => {
  let bs: TestBookstore;
  let books: BookJson[];

  beforeAll(async () => {
    bs = await startBookstore();
    const page = await bs.request("GET", "/api/v1/books?page=1&size=100");
    expect(page.status, page.text).toBe(200);
    books = page.json.items;
    expect(books.length).toBe(100);
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

  it("gives a signed-in customer a personal list, each book with its reason, and an anonymous caller 401", async () => {
    const customer = await bs.newCustomer();
    const mine = await customer.get("/api/v1/recommendations?limit=10");
    expect(mine.status, mine.text).toBe(200);
    expect(mine.json.strategy).toBe("popular");
    expect(mine.json.items).toHaveLength(10);
    for (const item of mine.json.items) {
      expect(REASON_CODES).toContain(item.reasonCode);
      expect(item.reason).toMatch(/^(new in|popular in) .+/);
    }
    // At most 3 of 10 from one category.
    const perCategory = new Map<string, number>();
    for (const item of mine.json.items as BookJson[]) perCategory.set(item.categoryId, (perCategory.get(item.categoryId) ?? 0) + 1);
    expect(Math.max(...perCategory.values())).toBeLessThanOrEqual(3);
    expect((await customer.get("/api/v1/recommendations?limit=5")).json.items).toHaveLength(5);

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
      { type: "feedback", bookId: book.id, feedback: "like" },
      { type: "feedback", bookId: book.id, feedback: "not_interested" },
      { type: "feedback", bookId: book.id, feedback: "dislike", value: -2 },
    ]) {
      const res = await customer.post("/api/v1/events", body);
      expect(res.status, res.text).toBe(202);
      expect(res.json).toEqual({ accepted: true, eventId: expect.any(String) });
    }
    for (const body of [
      { type: "like", bookId: book.id },
      { type: "view", bookId: "not-an-id" },
      { type: "view", bookId: "1234567890123" }, // well formed, but no such book
      { type: "view", bookId: book.id, extra: 1 },
      { type: "view", bookId: book.id, value: "1" },
      { type: "view", bookId: book.id, feedback: "like" },
      { type: "feedback", bookId: book.id, feedback: "love" },
      { type: "feedback", bookId: book.id, feedback: "like", value: -3 },
      { type: "view", bookId: book.id, eventId: "has spaces" },
    ]) {
      const res = await customer.post("/api/v1/events", body);
      expect(res.status, `${JSON.stringify(body)}: ${res.text}`).toBe(400);
      expect(res.json.error.code).toBe("VALIDATION_FAILED");
    }
    expect((await bs.anonymous.post("/api/v1/events", { type: "view", bookId: book.id })).status).toBe(401);
  });

  it("stores an event once per client event id and answers a retry the same", async () => {
    const [x, y, elsewhere] = [books[22]!, books[23]!, books[99]!];
    const reader = await bs.newCustomer();
    const first = await reader.post("/api/v1/events", { type: "view", bookId: x.id, eventId: "page-view-1" });
    expect(first.status, first.text).toBe(202);
    expect(first.json).toEqual({ accepted: true, eventId: "page-view-1" });
    // Retries, even one that says something else, add nothing: the first one stands.
    for (const body of [{ type: "view", bookId: x.id }, { type: "view", bookId: x.id }, { type: "cart_add", bookId: y.id }]) {
      const again = await reader.post("/api/v1/events", { ...body, eventId: "page-view-1" });
      expect(again.status).toBe(202);
      expect(again.json).toEqual(first.json);
    }
    // Another user may use the same id for their own event; two views of y outweigh x's one (three if retries counted).
    for (const other of [await bs.newCustomer(), await bs.newCustomer()])
      expect((await other.post("/api/v1/events", { type: "view", bookId: y.id, eventId: "page-view-1" })).json.eventId).toBe("page-view-1");
    await eventually(
      async () => {
        const ranked = (await bs.request("GET", `/api/v1/recommendations?bookId=${elsewhere.id}&limit=50`)).json.items.map((b: BookJson) => b.id);
        expect(ranked).toContain(x.id);
        expect(ranked.indexOf(y.id)).toBeLessThan(ranked.indexOf(x.id));
      },
      { timeoutMs: 10_000, intervalMs: 500 },
    );
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

  it("shows 'also viewed' on the book page: the item model's neighbours, same-author books for a book nobody co-read", async () => {
    // Two seed books by one author, nobody has touched either.
    const byAuthor = new Map<string, BookJson[]>();
    for (const b of books.slice(30)) for (const a of b.authors) byAuthor.set(a, [...(byAuthor.get(a) ?? []), b]);
    const [first, sibling] = [...byAuthor.values()].find((group) => group.length >= 2)!;
    const detail = await bs.request("GET", `/api/v1/books/${first!.id}`);
    expect(detail.status, detail.text).toBe(200);
    expect(detail.json.recommendations.map((b: BookJson) => b.id)).toContain(sibling!.id);

    // Readers of `first` also view another book: it leads the list once the page's cache has expired.
    const viewed = books.find((b) => b.id !== first!.id && b.id !== sibling!.id && !b.authors.some((a) => first!.authors.includes(a)))!;
    for (const reader of [await bs.newCustomer(), await bs.newCustomer()]) {
      await reader.post("/api/v1/events", { type: "view", bookId: first!.id });
      await reader.post("/api/v1/events", { type: "view", bookId: viewed.id });
    }
    await eventually(
      async () => {
        const res = await bs.request("GET", `/api/v1/books/${first!.id}`);
        expect(res.json.recommendations[0]?.id).toBe(viewed.id);
      },
      { timeoutMs: 10_000, intervalMs: 500 },
    );
  });

  it("rejects unknown query parameters and a malformed book id with 400", async () => {
    expect((await bs.request("GET", "/api/v1/recommendations?bookId=abc")).status).toBe(400);
    expect((await bs.request("GET", `/api/v1/recommendations?bookId=${books[0]!.id}&colour=red`)).status).toBe(400);
  });

  it("documents reasons, feedback kinds and client event ids in the OpenAPI document", async () => {
    const doc = (await bs.request("GET", "/swagger/json")).json;
    const post = doc.paths["/api/v1/events"].post;
    const body = post.requestBody.content["application/json"].schema;
    expect(body.properties.feedback.enum).toEqual(["like", "dislike", "not_interested"]);
    expect(body.properties.eventId).toBeDefined();
    const list = doc.paths["/api/v1/recommendations"].get.responses["200"].content["application/json"].schema;
    expect(list.properties.items.items.properties.reason).toBeDefined();
    expect(list.properties.items.items.properties.reasonCode.enum).toEqual(REASON_CODES);
  });
});

describe("POST /events rate limit", () => {
  let bs: TestBookstore;
  beforeAll(async () => {
    bs = await startBookstore({ env: { BOOKSTORE_RECOMMENDATION__EVENTS_PER_USER_PER_MINUTE: "3" } });
  });
  afterAll(() => bs?.close());

  it("answers 429 RATE_LIMITED with Retry-After past the per-user limit, and each user has their own", async () => {
    const book = (await bs.request("GET", "/api/v1/books?size=1")).json.items[0] as BookJson;
    const [eager, calm] = [await bs.newCustomer(), await bs.newCustomer()];
    const answers = [];
    // Seven tries: whichever minute boundary falls among them, four land in one window.
    for (let i = 0; i < 7; i++) answers.push(await eager.post("/api/v1/events", { type: "view", bookId: book.id }));
    const limited = answers.find((a) => a.status !== 202);
    expect(limited?.status).toBe(429);
    expect(limited?.json.error.code).toBe("RATE_LIMITED");
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await calm.post("/api/v1/events", { type: "view", bookId: book.id })).status).toBe(202);
    expect((await eager.get("/api/v1/recommendations")).status).toBe(200); // only events are limited this tightly
  });
});
