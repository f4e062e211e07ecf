import { describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import type { IndexedBook } from "./indexed-book.js";
import { SalesTally } from "./sales-tally.js";
import { SearchIndex } from "./search-index.js";
import { parseSearchQuery, type SearchInput } from "./search-query.js";

let seq = 500;
function book(over: Partial<IndexedBook>): IndexedBook {
  const id = String(++seq);
  return {
    id, isbn: "", title: `Untitled ${id}`, authors: ["Anon"], publisher: "Press", categoryId: "1", categoryName: "",
    description: "", priceCents: 3000, language: "en", inStock: true, createdAtMs: 1_000, ...over,
  };
}

const query = (over: Partial<SearchInput>) =>
  parseSearchQuery({ q: "", categoryId: "", language: "", sort: "", page: 0, size: 0, ...over });

function indexOf(books: readonly IndexedBook[], sales?: SalesTally): SearchIndex {
  const index = new SearchIndex(sales ? { sales } : {});
  for (const b of books) index.upsert(b);
  return index;
}

const titles = (index: SearchIndex, over: Partial<SearchInput>) =>
  index.search(query(over)).hits.map((h) => index.get(h.bookId)?.title);

const csapp = book({ isbn: "9787111544937", title: "深入理解计算机系统", authors: ["Randal E. Bryant"], language: "zh" });
const network = book({ title: "计算机网络", authors: ["谢希仁"], publisher: "电子工业出版社", language: "zh" });
const alive = book({ title: "活着", authors: ["余华"], publisher: "作家出版社", language: "zh" });
const brothers = book({ title: "兄弟", authors: ["余华"], publisher: "作家出版社", language: "zh" });
const santi = book({ title: "三体", authors: ["刘慈欣"], publisher: "重庆出版社", language: "zh" });
const clrs = book({ isbn: "9780262033848", title: "Introduction to Algorithms", authors: ["Thomas H. Cormen"] });
const grokking = book({ title: "Grokking Algorithms", authors: ["Aditya Y. Bhargava"], description: "An illustrated guide." });
const ddia = book({ title: "Designing Data-Intensive Applications", authors: ["Martin Kleppmann"] });
const hobbit = book({ title: "The Hobbit", authors: ["J. R. R. Tolkien"] });
const wonder = book({ title: "Wonder", authors: ["R. J. Palacio"] });
const dune = book({ title: "Dune", authors: ["Frank Herbert"] });
const catalog = [csapp, network, alive, brothers, santi, clrs, grokking, ddia, hobbit, wonder, dune];
const index = indexOf(catalog);

describe("search relevance", () => {
  it("finds simplified titles by traditional characters", () => {
    expect(titles(index, { q: "計算機" }).sort()).toEqual(["深入理解计算机系统", "计算机网络"].sort());
    expect(titles(index, { q: "三體" })).toEqual(["三体"]);
  });

  it("finds Chinese titles and names typed as pinyin", () => {
    expect(titles(index, { q: "santi" })).toEqual(["三体"]);
    expect(titles(index, { q: "yuhua" }).sort()).toEqual(["兄弟", "活着"].sort());
    expect(titles(index, { q: "jisuanji" }).sort()).toEqual(["深入理解计算机系统", "计算机网络"].sort());
  });

  it("tolerates one typo in English words of five or more letters, not in shorter ones", () => {
    expect(titles(index, { q: "algoritms" }).sort()).toEqual(["Grokking Algorithms", "Introduction to Algorithms"].sort());
    expect(titles(index, { q: "kleppman" })).toEqual(["Designing Data-Intensive Applications"]);
    expect(titles(index, { q: "grokkign" })).toEqual(["Grokking Algorithms"]);
    expect(titles(index, { q: "dume" })).toEqual([]);
  });

  it("matches an author's name exactly, however it is punctuated, and Chinese names whole", () => {
    expect(titles(index, { q: "J.R.R. Tolkien" })).toEqual(["The Hobbit"]);
    expect(titles(index, { q: "余华" }).sort()).toEqual(["兄弟", "活着"].sort());
  });

  it("finds a book by its ISBN-10 as well as its ISBN-13", () => {
    expect(titles(index, { q: "0-262-03384-4" })).toEqual(["Introduction to Algorithms"]);
    expect(titles(index, { q: "isbn 978-7-111-54493-7" })).toEqual(["深入理解计算机系统"]);
  });

  it("matches a long Chinese word by its bigrams where jieba cut the title differently", () => {
    expect(titles(index, { q: "理解计算机系" })).toEqual(["深入理解计算机系统"]);
    expect(titles(index, { q: "算机网" })).toEqual(["计算机网络"]);
  });

  it("weighs a title hit over an author hit over a publisher hit over a description hit", () => {
    const fields = indexOf([
      book({ id: "1", description: "zebra" }),
      book({ id: "2", publisher: "Zebra Press" }),
      book({ id: "3", authors: ["Zebra Smith"] }),
      book({ id: "4", title: "Zebra" }),
    ]);
    expect(fields.search(query({ q: "zebra" })).hits.map((h) => h.bookId)).toEqual(["4", "3", "2", "1"]);
  });

  it("puts a book in stock ahead of the same book sold out, and breaks exact ties by id", () => {
    const twins = indexOf([
      book({ id: "20", title: "Twin", inStock: false }),
      book({ id: "21", title: "Twin" }),
      book({ id: "22", title: "Twin" }),
    ]);
    expect(twins.search(query({ q: "twin" })).hits.map((h) => h.bookId)).toEqual(["21", "22", "20"]);
  });

  it("sorts by recent sales for bestselling, and old sales fade", () => {
    const clock = new FakeClock();
    const sales = new SalesTally(clock);
    const books = [book({ id: "30", title: "Slow" }), book({ id: "31", title: "Steady" }), book({ id: "32", title: "Hit" })];
    const idx = indexOf(books, sales);
    sales.record("31", 5);
    sales.record("32", 3);
    expect(titles(idx, { sort: "bestselling" })).toEqual(["Steady", "Hit", "Slow"]);
    clock.advance(14 * 86_400_000);
    sales.record("32", 3);
    expect(sales.recentSales("31")).toBeCloseTo(1.25);
    expect(titles(idx, { sort: "bestselling" })).toEqual(["Hit", "Steady", "Slow"]);
  });

  it("filters by publisher, ignoring case, spacing and punctuation", () => {
    expect(titles(index, { publisher: "作家 出版社" }).sort()).toEqual(["兄弟", "活着"].sort());
    expect(titles(index, { q: "余华", publisher: "重庆出版社" })).toEqual([]);
  });

  it("highlights matched words in titles and descriptions as offsets into the original text", () => {
    const res = index.search(query({ q: "計算機 系统" }));
    const hit = res.hits.find((h) => h.bookId === csapp.id);
    expect(hit?.highlights.title).toEqual([{ start: 4, end: 9 }]);
    const guide = index.search(query({ q: "illustrated algorithm" })).hits[0];
    expect(guide?.highlights).toEqual({ title: [{ start: 9, end: 19 }], description: [{ start: 3, end: 14 }] });
  });

  it("keeps the index consistent through updates: old words stop matching, slots are reused", () => {
    const idx = indexOf([book({ id: "40", title: "Alpha Beta" })]);
    idx.upsert(book({ id: "40", title: "Gamma" }));
    idx.upsert(book({ id: "41", title: "Alpha" }));
    expect(titles(idx, { q: "beta" })).toEqual([]);
    expect(titles(idx, { q: "alpha" })).toEqual(["Alpha"]);
    idx.remove("40");
    idx.remove("41");
    expect(idx.size).toBe(0);
    expect(titles(idx, { q: "alpha" })).toEqual([]);
  });
});
