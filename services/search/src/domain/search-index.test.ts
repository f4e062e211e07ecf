import { describe, expect, it } from "vitest";
import type { IndexedBook } from "./indexed-book.js";
import { SearchIndex } from "./search-index.js";
import { parseSearchQuery, type SearchInput } from "./search-query.js";

let seq = 100;
function book(over: Partial<IndexedBook>): IndexedBook {
  const id = String(++seq);
  return {
    id,
    isbn: `978000000${id.padStart(4, "0")}`,
    title: `Untitled ${id}`,
    authors: ["Anon"],
    publisher: "Press",
    categoryId: "1",
    categoryName: "",
    description: "",
    priceCents: 3000,
    language: "en",
    inStock: true,
    createdAtMs: 1_000 + seq,
    ...over,
  };
}

const query = (over: Partial<SearchInput>) =>
  parseSearchQuery({ q: "", categoryId: "", language: "", sort: "", page: 0, size: 0, ...over });

function indexOf(...books: IndexedBook[]): SearchIndex {
  const index = new SearchIndex();
  for (const b of books) index.upsert(b);
  return index;
}

const ids = (index: SearchIndex, over: Partial<SearchInput>) => index.search(query(over)).hits.map((h) => h.bookId);

describe("SearchIndex", () => {
  const csapp = book({ title: "深入理解计算机系统", language: "zh", categoryId: "2", priceCents: 13900 });
  const network = book({ title: "计算机网络", language: "zh", categoryId: "2", priceCents: 4500 });
  const calc = book({ title: "计算方法", language: "zh", categoryId: "3", priceCents: 1500 });
  const deep = book({ title: "Deep Learning", authors: ["Ian Goodfellow"], priceCents: 9900, inStock: false });
  const python = book({ title: "Learning Python", authors: ["Mark Lutz"], description: "deep dive", priceCents: 6900 });
  const index = indexOf(csapp, network, calc, deep, python);

  it("finds CJK titles by a word inside them through bigrams", () => {
    expect(ids(index, { q: "计算机" }).sort()).toEqual([csapp.id, network.id].sort());
    expect(ids(index, { q: "计算" }).sort()).toEqual([csapp.id, network.id, calc.id].sort());
    expect(ids(index, { q: "算机网" })).toEqual([network.id]);
  });

  it("matches English case-insensitively, books with every word before books missing one", () => {
    expect(ids(index, { q: "LEARNING" }).sort()).toEqual([deep.id, python.id].sort());
    expect(ids(index, { q: "learning python" })).toEqual([python.id, deep.id]);
    expect(ids(index, { q: "goodfellow" })).toEqual([deep.id]);
  });

  it("ranks a title hit above a description hit", () => {
    expect(ids(index, { q: "deep" })).toEqual([deep.id, python.id]);
    const [first, second] = index.search(query({ q: "deep" })).hits;
    expect(first!.score).toBeGreaterThan(second!.score);
  });

  it("finds a book by its ISBN with or without hyphens, and only that book", () => {
    const isbn = book({ isbn: "9787111544937", title: "ISBN holder" });
    const idx = indexOf(isbn, book({}));
    expect(ids(idx, { q: "978-7-111-54493-7" })).toEqual([isbn.id]);
    expect(ids(idx, { q: "9787111544937" })).toEqual([isbn.id]);
    expect(ids(idx, { q: "9787111544930" })).toEqual([]);
  });

  it("searches category names like any other text", () => {
    const idx = indexOf(book({ title: "Algorithms", categoryName: "Computer Science" }));
    expect(ids(idx, { q: "science" })).toHaveLength(1);
  });

  it("filters by category, price range, stock and language", () => {
    expect(ids(index, { categoryId: "2" }).sort()).toEqual([csapp.id, network.id].sort());
    expect(ids(index, { minPriceCents: 4500, maxPriceCents: 9900 }).sort()).toEqual([network.id, deep.id, python.id].sort());
    expect(ids(index, { q: "learning", inStock: true })).toEqual([python.id]);
    expect(ids(index, { q: "learning", inStock: false })).toEqual([deep.id]);
    expect(ids(index, { language: "ZH" })).toHaveLength(3);
  });

  it("sorts by price either way and newest first, ties broken by id", () => {
    expect(ids(index, { sort: "price_asc" })).toEqual([calc.id, network.id, python.id, deep.id, csapp.id]);
    expect(ids(index, { sort: "price_desc" })).toEqual([csapp.id, deep.id, python.id, network.id, calc.id]);
    expect(ids(index, {})).toEqual([python.id, deep.id, calc.id, network.id, csapp.id]);
    const twins = indexOf(book({ id: "900", priceCents: 1 }), book({ id: "1000", priceCents: 1 }), book({ id: "99", priceCents: 1 }));
    expect(ids(twins, { sort: "price_asc" })).toEqual(["99", "900", "1000"]);
    expect(ids(twins, { q: "untitled", sort: "price_asc" })).toEqual(["99", "900", "1000"]);
  });

  it("counts facets over the filtered result, not only the page", () => {
    const res = index.search(query({ size: 1 }));
    expect(res.hits).toHaveLength(1);
    expect(res.total).toBe(5);
    expect(res.facets.category).toEqual([
      { value: "1", count: 2 },
      { value: "2", count: 2 },
      { value: "3", count: 1 },
    ]);
    expect(res.facets.price).toEqual([
      { value: "0-2000", count: 1 },
      { value: "2000-5000", count: 1 },
      { value: "5000-10000", count: 2 },
      { value: "10000+", count: 1 },
    ]);
    expect(res.facets.language).toEqual([
      { value: "zh", count: 3 },
      { value: "en", count: 2 },
    ]);
    expect(index.search(query({ q: "learning" })).facets.language).toEqual([{ value: "en", count: 2 }]);
  });

  it("pages through results without overlap", () => {
    const all = ids(index, { sort: "price_asc" });
    const pages = [1, 2, 3].flatMap((page) => ids(index, { sort: "price_asc", page, size: 2 }));
    expect(pages).toEqual(all);
    expect(ids(index, { page: 4, size: 2 })).toEqual([]);
  });

  it("updates and removes books", () => {
    const idx = indexOf(book({ id: "5", title: "Old title" }));
    idx.upsert(book({ id: "5", title: "New title" }));
    expect(ids(idx, { q: "old" })).toEqual([]);
    expect(ids(idx, { q: "new" })).toEqual(["5"]);
    idx.remove("5");
    expect(ids(idx, { q: "new" })).toEqual([]);
    expect(idx.size).toBe(0);
  });

  it("applies a stock or price change without analyzing the text again", () => {
    const idx = indexOf(book({ id: "7", title: "Stocked Shelf", priceCents: 1000 }));
    const analyzed: string[] = [];
    idx.onTextChange((id) => analyzed.push(id));
    const known = idx.get("7")!;
    idx.upsert({ ...known, inStock: false, priceCents: 2500 });
    expect(analyzed).toEqual([]);
    expect(ids(idx, { q: "stocked", inStock: false })).toEqual(["7"]);
    expect(ids(idx, { q: "stocked", inStock: true })).toEqual([]);
    expect(ids(idx, { minPriceCents: 2000 })).toEqual(["7"]);
    expect(idx.search(query({ q: "shelf" })).facets.price).toEqual([{ value: "2000-5000", count: 1 }]);
    idx.upsert({ ...idx.get("7")!, title: "Restocked Shelf" });
    expect(analyzed).toEqual(["7"]);
    expect(ids(idx, { q: "restocked" })).toEqual(["7"]);
    expect(ids(idx, { q: "stocked" })).toEqual([]);
  });

  it("keeps broad queries exact as books change, although their long lists' scores are cached between searches", () => {
    // Enough books that 计算 / 算机 / 计算机 / comput have lists long enough to be cached.
    const many = Array.from({ length: 2_200 }, (_, i) =>
      book({ id: String(10_000 + i), title: `Volume ${i}`, description: i % 2 ? "计算机的原理" : "关于计算机", categoryName: "Computing" }),
    );
    const idx = indexOf(...many);
    const search = (q: string) => idx.search(query({ q, size: 100 }));
    const before = search("计算机");
    expect(before.total).toBe(2_200);
    expect(search("computing").total).toBe(2_200);
    const first = before.hits[0]!.bookId;
    // Its description no longer has the word, and a new book matches in its title: both show at once.
    idx.upsert({ ...idx.get(first)!, description: "别的内容" });
    idx.upsert(book({ id: "20000", title: "计算机 计算机 计算机", categoryName: "Computing" }));
    const after = search("计算机");
    expect(after.total).toBe(2_200);
    expect(after.hits[0]!.bookId).toBe("20000");
    expect(after.hits.map((h) => h.bookId)).not.toContain(first);
    idx.remove("20000");
    expect(search("计算机").total).toBe(2_199);
    expect(search("computing").total).toBe(2_200);
    // A fresh index over the same books scores exactly alike: nothing stale survived in the cached scores.
    const fresh = indexOf(...[...idx.all()]);
    expect(fresh.search(query({ q: "计算机", size: 100 }))).toEqual(search("计算机"));
  });

  it("stems English words, so a plural finds the singular", () => {
    const idx = indexOf(book({ title: "Grokking Algorithms" }), book({ title: "Puzzles" }), book({ title: "A Puzzle" }));
    expect(ids(idx, { q: "algorithm" })).toHaveLength(1);
    expect(ids(idx, { q: "puzzles" })).toHaveLength(2);
  });

  it("answers emoji, control characters and punctuation with no hits instead of failing", () => {
    expect(index.search(query({ q: "😀🙂\u0000" })).total).toBe(0);
    expect(index.search(query({ q: "!!!" })).total).toBe(0);
    expect(ids(index, { q: "😀 deep 🙂" })).toEqual([deep.id, python.id]);
  });
});

describe("parseSearchQuery", () => {
  it("rejects a query longer than 200 characters, counting emoji as one", () => {
    expect(() => query({ q: "a".repeat(201) })).toThrow(expect.objectContaining({ reason: "VALIDATION_FAILED" }));
    expect(query({ q: "😀".repeat(200) }).text).toHaveLength(400);
  });

  it("rejects an unknown sort, bad paging, an inverted price range and malformed filters", () => {
    for (const bad of [
      { sort: "cheapest" }, { size: 101 }, { page: -1 }, { minPriceCents: 10, maxPriceCents: 5 }, { minPriceCents: -1 },
      { categoryId: "computing" }, { language: "chinese" }, { publisher: "x".repeat(201) },
    ])
      expect(() => query(bad)).toThrow(expect.objectContaining({ reason: "VALIDATION_FAILED" }));
  });

  it("defaults to relevance with text, newest without, page 1 of 20", () => {
    expect(query({ q: "x" })).toMatchObject({ sort: "relevance", page: 1, size: 20 });
    expect(query({})).toMatchObject({ sort: "newest" });
  });
});
