import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "@bookstore/platform/testing";
import {
  checkJudgedBooks,
  evaluateSearch,
  formatReport,
  loadJudgments,
  MIN_NDCG,
} from "../../services/search/src/eval/evaluate-search.js";
import { startBookstore, type TestBookstore } from "../support/bookstore.js";

interface TextRange {
  start: number;
  end: number;
}

interface BookHit {
  id: string;
  isbn: string;
  title: string;
  authors: string[];
  publisher: string;
  categoryId: string;
  language: string;
  priceCents: number;
  description: string;
  score: number;
  highlights: { title: TextRange[]; description: TextRange[] };
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

  it("makes a book the editor creates or edits searchable within a second, by title and by hyphenated ISBN, and drops it once deleted", async () => {
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

    // The catalog's event reaches the index at once; a second is the bound (the periodic resync is 2 s).
    const found = await eventually(
      async () => {
        const res = await q(word);
        expect(res.json.items.map((b: BookHit) => b.id)).toEqual([id]);
        return res.json.items[0] as BookHit;
      },
      { timeoutMs: 1_000, intervalMs: 20 },
    );
    expect(found).toMatchObject({ title: `The ${word} Handbook`, isbn, priceCents: 4200 });
    const hyphenated = `${isbn.slice(0, 3)}-${isbn.slice(3, 4)}-${isbn.slice(4, 8)}-${isbn.slice(8, 12)}-${isbn.slice(12)}`;
    expect((await q(hyphenated)).json.items.map((b: BookHit) => b.id)).toEqual([id]);

    const renamed = uniqueWord();
    const edited = await editor.patch(`/api/v1/books/${id}`, { title: `The ${renamed} Handbook` });
    expect(edited.status, edited.text).toBe(200);
    await eventually(
      async () => {
        expect((await q(renamed)).json.items.map((b: BookHit) => b.id)).toEqual([id]);
        expect((await q(word)).json.total).toBe(0);
      },
      { timeoutMs: 1_000, intervalMs: 20 },
    );

    const deleted = await editor.delete(`/api/v1/books/${id}`);
    expect([200, 204]).toContain(deleted.status);
    await eventually(async () => expect((await q(renamed)).json.total).toBe(0), { timeoutMs: 1_000, intervalMs: 20 });
  });

  it("finds the same 计算机 books by the traditional 計算機 and by the pinyin jisuanji", async () => {
    const ids = async (text: string) => ((await q(text, "&size=50")).json.items as BookHit[]).map((b) => b.id).sort();
    const simplified = await ids("计算机");
    expect(simplified.length).toBeGreaterThanOrEqual(5);
    expect(await ids("計算機")).toEqual(simplified);
    const pinyin: BookHit[] = (await q("jisuanji")).json.items;
    expect(pinyin.length).toBeGreaterThanOrEqual(5);
    expect(pinyin.every((b) => b.title.includes("计算机"))).toBe(true);
  });

  it("finds an author's books by the author's name, Chinese or Latin, exactly", async () => {
    const yuhua: BookHit[] = (await q("余华")).json.items;
    expect(yuhua.map((b) => b.title).sort()).toEqual(["兄弟", "活着", "许三观卖血记"].sort());
    const martin: BookHit[] = (await q("Robert C. Martin")).json.items;
    expect(martin.slice(0, 4).every((b) => b.authors.includes("Robert C. Martin"))).toBe(true);
  });

  it("tolerates a typo in a longer English word and finds a book by its ISBN-10", async () => {
    const typo: BookHit[] = (await q("algoritms")).json.items;
    expect(typo.map((b) => b.title)).toContain("Introduction to Algorithms (3rd Edition)");
    expect((await q("0132350882")).json.items.map((b: BookHit) => b.isbn)).toEqual(["9780132350884"]);
  });

  it("marks where the words matched in titles and descriptions", async () => {
    const [first]: BookHit[] = (await q("計算機")).json.items;
    const ranges = first!.highlights.title;
    expect(ranges.length).toBeGreaterThan(0);
    expect(ranges.map((r) => first!.title.slice(r.start, r.end))).toContain("计算机");
    const [clean]: BookHit[] = (await q("readable code")).json.items;
    expect(clean!.highlights.description.map((r) => clean!.description.slice(r.start, r.end).toLowerCase())).toEqual(
      expect.arrayContaining(["code"]),
    );
  });

  it("filters by publisher and sorts by bestselling in a stable order", async () => {
    const res = await search(`publisher=${encodeURIComponent("人民邮电 出版社")}&size=100`);
    expect(res.status, res.text).toBe(200);
    const items: BookHit[] = res.json.items;
    expect(items.length).toBeGreaterThan(5);
    expect(items.every((b) => b.publisher === "人民邮电出版社")).toBe(true);
    const order = async (page: number) => ((await search(`q=java&sort=bestselling&size=3&page=${page}`)).json.items as BookHit[]).map((b) => b.id);
    const [first, again, second] = [await order(1), await order(1), await order(2)];
    expect(first).toHaveLength(3);
    expect(again).toEqual(first);
    expect(second.filter((id) => first.includes(id))).toEqual([]);
  });

  it("rejects a bad sort, an unknown parameter, a non-numeric price, malformed filters and an over-long query with 400", async () => {
    for (const query of [
      "q=go&sort=cheapest", "q=go&colour=red", "minPriceCents=abc", `q=${"x".repeat(201)}`, "size=101",
      `q=${encodeURIComponent("计".repeat(201))}`, "language=chinese", "category=computing", "inStock=maybe",
      `publisher=${"p".repeat(201)}`, "publisher=",
    ]) {
      const res = await search(query);
      expect(res.status, `${query}: ${res.text}`).toBe(400);
      expect(res.json.error.code).toBe("VALIDATION_FAILED");
    }
  });

  it("answers emoji, control characters and a 200-character jumble without failing", async () => {
    const jumble = [..."計算機😀\u0007ｊａｖａ'+#👍🏽 "].join("").repeat(20).slice(0, 200);
    for (const text of ["😀🙂", "\u0007\u0001", "🙂 计算机 👍🏽", jumble]) {
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

  it("suggests titles with 计算机 for the pinyin jisuanji and the initials jsj, at most 10 and each once", async () => {
    for (const prefix of ["jisuanji", "jsj", "計算機"]) {
      const res = await bs.request("GET", `/api/v1/search/suggest?q=${encodeURIComponent(prefix)}`);
      expect(res.status, res.text).toBe(200);
      const suggestions: string[] = res.json.suggestions;
      expect(suggestions.length, prefix).toBeGreaterThanOrEqual(5);
      expect(suggestions.length).toBeLessThanOrEqual(10);
      expect(new Set(suggestions).size).toBe(suggestions.length);
      expect(suggestions.every((s) => s.startsWith("计算机")), `${prefix}: ${suggestions.join(", ")}`).toBe(true);
    }
  });

  it(`ranks the judged relevant books with nDCG@10 of at least ${MIN_NDCG}`, async () => {
    const judgments = await loadJudgments();
    expect(judgments.length).toBeGreaterThanOrEqual(40);
    await checkJudgedBooks(bs.baseUrl, judgments);
    const report = await evaluateSearch(bs.baseUrl, judgments);
    expect(report.ndcg, formatReport(report)).toBeGreaterThanOrEqual(MIN_NDCG);
  });

  it("ranks a book people bought first for sort=bestselling once its order is paid", async () => {
    const bestselling = async () => ((await q("计算机", "&sort=bestselling&size=10")).json.items as BookHit[]).map((b) => b.id);
    // The last of the page: nothing has sold, so bestselling is relevance order and this book is not first.
    const book = (await bestselling()).at(-1);
    expect(book).toBeDefined();
    const buyer = await bs.newCustomer();
    const order = await buyer.post("/api/v1/orders", { items: [{ bookId: book, quantity: 2 }] }, { "Idempotency-Key": `best-${book}` });
    expect(order.status, order.text).toBe(201);
    expect((await buyer.post(`/api/v1/orders/${order.json.id}/pay`)).status).toBe(202);
    await eventually(async () => expect((await buyer.get(`/api/v1/orders/${order.json.id}`)).json.status).toBe("paid"), { timeoutMs: 3_000 });
    await eventually(async () => expect((await bestselling())[0]).toBe(book), { timeoutMs: 3_000 });
  });

  it("ranks what people searched for in /search/hot over the hour and the day, 計算機 and 计算机 as one keyword", async () => {
    const hotCount = async (window: string) => {
      const res = await bs.request("GET", `/api/v1/search/hot${window}`);
      expect(res.status, res.text).toBe(200);
      const hot = res.json.keywords as { keyword: string; count: number }[];
      expect(hot.length).toBeLessThanOrEqual(10);
      return { window: res.json.window as string, count: hot.find((k) => k.keyword === "计算机")?.count ?? 0 };
    };
    const before = await hotCount("");
    for (const text of ["  计算机  ", "計算機", "计算机"]) expect((await q(text)).status).toBe(200);
    const hour = await hotCount("");
    expect(hour).toEqual({ window: "1h", count: before.count + 3 });
    expect((await hotCount("?window=24h")).count).toBeGreaterThanOrEqual(hour.count);
    for (const bad of ["?window=7d", "?window=", "?limit=51"]) {
      const res = await bs.request("GET", `/api/v1/search/hot${bad}`);
      expect(res.status, `${bad}: ${res.text}`).toBe(400);
      expect(res.json.error.code).toBe("VALIDATION_FAILED");
    }
  });
});
