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
