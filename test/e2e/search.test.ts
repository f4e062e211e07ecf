import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "@bookstore/platform/testing";
import { startBookstore, type TestBookstore } from "../support/bookstore.js";

interface BookHit {
  id: string;
  isbn: string;
  title: string;
  authors: string[];
  categoryId: string;
  language: string;
  priceCents: number;
  score: number;
}

/** A valid ISBN-13 nobody else uses (979 prefix, random body, computed check digit). */
function isbn13(): string {
  const body = `979${String(randomInt(0, 1_000_000_000)).padStart(9, "0")}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return body + String((10 - (sum % 10)) % 10);
}

/** A word no demo book contains, so a search for it finds only what the test made. */
const uniqueWord = () => `zq${Date.now().toString(36)}${randomInt(0, 1_000_000).toString(36)}`;

describe("search through the gateway", () => {
  let bs: TestBookstore;
  const search = (query: string) => bs.request("GET", `/api/v1/search?${query}`);
  const q = (text: string, extra = "") => search(`q=${encodeURIComponent(text)}${extra}`);

  beforeAll(async () => {
    bs = await startBookstore();
    // The index catches up with the catalog in the background right after start.
    await eventually(async () => expect((await search("size=1")).json.total).toBeGreaterThanOrEqual(200), { timeoutMs: 10_000 });
  });
  afterAll(() => bs.close());

  it("finds Chinese titles containing 计算机, best matches first, with scores and facets", async () => {
    const res = await q("计算机");
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ page: 1, size: 20 });
    const items: BookHit[] = res.json.items;
    expect(items.length).toBeGreaterThan(0);
    expect(items[0]!.title).toContain("计算机");
    expect(items.every((b) => typeof b.score === "number" && typeof b.id === "string")).toBe(true);
    expect(items[0]).toMatchObject({ currency: "CNY", authors: expect.any(Array), createdAt: expect.any(String) });
    const counted = (facet: { count: number }[]) => facet.reduce((s, f) => s + f.count, 0);
    expect(counted(res.json.facets.category)).toBe(res.json.total);
    expect(counted(res.json.facets.price)).toBe(res.json.total);
    expect(counted(res.json.facets.language)).toBe(res.json.total);
  });

  it("finds an English title by its words in any case", async () => {
    const en: BookHit[] = (await search("language=en&size=50")).json.items;
    const book = en.find((b) => /[A-Za-z]{3,}/.test(b.title));
    expect(book, "an English demo book").toBeDefined();
    for (const text of [book!.title.toUpperCase(), book!.title.toLowerCase()]) {
      const res = await q(text, "&size=100");
      expect(res.status, res.text).toBe(200);
      expect(res.json.items.map((b: BookHit) => b.id)).toContain(book!.id);
    }
  });

  it("filters by language and price, sorts by price and pages without overlap", async () => {
    const res = await search("language=zh&minPriceCents=2000&maxPriceCents=8000&sort=price_asc&size=10");
    expect(res.status, res.text).toBe(200);
    const items: BookHit[] = res.json.items;
    expect(items.length).toBeGreaterThan(0);
    for (const b of items) {
      expect(b.language).toBe("zh");
      expect(b.priceCents).toBeGreaterThanOrEqual(2000);
      expect(b.priceCents).toBeLessThanOrEqual(8000);
    }
    expect(items.map((b) => b.priceCents)).toEqual([...items.map((b) => b.priceCents)].sort((a, b) => a - b));
    const next: BookHit[] = (await search("language=zh&minPriceCents=2000&maxPriceCents=8000&sort=price_asc&size=10&page=2")).json.items;
    expect(next.filter((b) => items.some((i) => i.id === b.id))).toEqual([]);
    expect(res.json.facets.language).toEqual([{ value: "zh", count: res.json.total }]);
  });

  it("makes a book the editor creates searchable within seconds, by title and by hyphenated ISBN, and drops it once deleted", async () => {
    const editor = await bs.login("editor");
    const sample: BookHit = (await search("size=1")).json.items[0];
    const word = uniqueWord();
    const isbn = isbn13();
    const created = await editor.post("/api/v1/books", {
      isbn,
      title: `The ${word} Handbook`,
      authors: ["Search Tester"],
      publisher: "E2E Press",
      language: "en",
      categoryId: sample.categoryId,
      priceCents: 4200,
    });
    expect(created.status, created.text).toBe(201);
    const id: string = created.json.id;

    const found = await eventually(
      async () => {
        const res = await q(word);
        expect(res.json.items.map((b: BookHit) => b.id)).toEqual([id]);
        return res.json.items[0] as BookHit;
      },
      { timeoutMs: 3_000 },
    );
    expect(found).toMatchObject({ title: `The ${word} Handbook`, isbn, priceCents: 4200 });
    const hyphenated = `${isbn.slice(0, 3)}-${isbn.slice(3, 4)}-${isbn.slice(4, 8)}-${isbn.slice(8, 12)}-${isbn.slice(12)}`;
    expect((await q(hyphenated)).json.items.map((b: BookHit) => b.id)).toEqual([id]);

    const deleted = await editor.delete(`/api/v1/books/${id}`);
    expect([200, 204]).toContain(deleted.status);
    await eventually(async () => expect((await q(word)).json.total).toBe(0), { timeoutMs: 3_000 });
  });

  it("rejects a bad sort, an unknown parameter, a non-numeric price and an over-long query with 400", async () => {
    for (const query of ["q=go&sort=cheapest", "q=go&colour=red", "minPriceCents=abc", `q=${"x".repeat(201)}`, "size=101"]) {
      const res = await search(query);
      expect(res.status, `${query}: ${res.text}`).toBe(400);
      expect(res.json.error.code).toBe("VALIDATION_FAILED");
    }
  });

  it("answers emoji and control characters without failing", async () => {
    for (const text of ["😀🙂", "\u0007\u0001", "🙂 计算机 👍🏽"]) {
      const res = await q(text);
      expect(res.status, res.text).toBe(200);
      expect(Array.isArray(res.json.items)).toBe(true);
    }
  });

  it("suggests titles for a prefix", async () => {
    const book: BookHit = (await q("计算机")).json.items[0];
    const prefix = [...book.title].slice(0, 2).join("");
    const res = await bs.request("GET", `/api/v1/search/suggest?q=${encodeURIComponent(prefix)}`);
    expect(res.status, res.text).toBe(200);
    expect(res.json.suggestions.length).toBeGreaterThan(0);
    expect(res.json.suggestions.length).toBeLessThanOrEqual(10);
    expect(res.json.suggestions.every((s: string) => s.toLowerCase().startsWith(prefix.toLowerCase()))).toBe(true);
    expect((await bs.request("GET", "/api/v1/search/suggest?q=x&limit=11")).status).toBe(400);
  });

  it("ranks what people searched for in /search/hot", async () => {
    for (let i = 0; i < 3; i++) expect((await q("  计算机  ")).status).toBe(200);
    const res = await bs.request("GET", "/api/v1/search/hot");
    expect(res.status, res.text).toBe(200);
    const hot = res.json.keywords as { keyword: string; count: number }[];
    expect(hot.find((k) => k.keyword === "计算机")?.count).toBeGreaterThanOrEqual(3);
    expect(hot.length).toBeLessThanOrEqual(10);
  });
});
