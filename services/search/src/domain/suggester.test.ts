import { describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import { HotQueries } from "./hot-queries.js";
import type { IndexedBook } from "./indexed-book.js";
import { SearchIndex } from "./search-index.js";
import { SuggestCompletions } from "./suggest-completions.js";
import { Suggester } from "./suggester.js";

const book = (id: string, title: string, authors: string[] = []): IndexedBook => ({
  id, isbn: "", title, authors, publisher: "", categoryId: "1", categoryName: "", description: "",
  priceCents: 100, language: "en", inStock: true, createdAtMs: 1,
});

function setup() {
  const index = new SearchIndex();
  const hot = new HotQueries(new FakeClock());
  const suggest = new SuggestCompletions({ suggester: new Suggester(index, hot) });
  return { index, hot, suggest: (q: string, limit = 0) => suggest.execute({ q, limit }) };
}

describe("suggestions", () => {
  it("completes title and author prefixes case-insensitively, once each, in title order", () => {
    const { index, suggest } = setup();
    index.upsert(book("1", "Programming Rust", ["Jim Blandy"]));
    index.upsert(book("2", "Programming Pearls", ["Jon Bentley"]));
    index.upsert(book("3", "programming rust", []));
    index.upsert(book("4", "Learning Python", ["Mark Lutz"]));
    expect(suggest("PROG")).toEqual(["Programming Pearls", "Programming Rust"]);
    expect(suggest("j")).toEqual(["Jim Blandy", "Jon Bentley"]);
    expect(suggest("python")).toEqual([]);
    expect(suggest("")).toEqual([]);
  });

  it("completes Chinese titles and puts popular searches first", () => {
    const { index, hot, suggest } = setup();
    index.upsert(book("1", "深入理解计算机系统"));
    index.upsert(book("2", "深入浅出设计模式"));
    expect(suggest("深入")).toEqual(["深入浅出设计模式", "深入理解计算机系统"]);
    hot.record("深入理解计算机系统");
    expect(suggest("深入")).toEqual(["深入理解计算机系统", "深入浅出设计模式"]);
  });

  it("completes Chinese titles and names from full pinyin, pinyin initials and traditional characters", () => {
    const { index, suggest } = setup();
    index.upsert(book("1", "计算机网络（第7版）", ["谢希仁"]));
    index.upsert(book("2", "计算机程序的构造和解释"));
    index.upsert(book("3", "深入理解计算机系统"));
    index.upsert(book("4", "重庆森林"));
    index.upsert(book("5", "Java编程思想"));
    const withComputer = ["计算机程序的构造和解释", "计算机网络（第7版）"];
    expect(suggest("jisuanji").sort()).toEqual(withComputer);
    expect(suggest("JSJ").sort()).toEqual(withComputer);
    expect(suggest("ji suan ji").sort()).toEqual(withComputer);
    expect(suggest("計算機").sort()).toEqual(withComputer);
    expect(suggest("xiexi")).toEqual(["谢希仁"]);
    // 重 reads chong in 重庆: the word is converted as a word, not character by character.
    expect(suggest("chongqing")).toEqual(["重庆森林"]);
    expect(suggest("javabian")).toEqual(["Java编程思想"]);
  });

  it("suggests a title shared by several books once, and forgets removed or renamed books", () => {
    const { index, suggest } = setup();
    index.upsert(book("1", "三体"));
    index.upsert(book("2", "三体"));
    index.upsert(book("3", "三体Ⅱ：黑暗森林"));
    expect(suggest("santi")).toEqual(["三体", "三体Ⅱ：黑暗森林"]);
    index.remove("3");
    index.upsert(book("2", "球状闪电"));
    expect(suggest("santi")).toEqual(["三体"]);
    expect(suggest("qiu")).toEqual(["球状闪电"]);
  });

  it("sees books added after the first lookup and honours the limit", () => {
    const { index, suggest } = setup();
    expect(suggest("a")).toEqual([]);
    for (let i = 0; i < 15; i++) index.upsert(book(String(i + 1), `A book ${String(i).padStart(2, "0")}`));
    expect(suggest("a")).toHaveLength(10);
    expect(suggest("a", 3)).toEqual(["A book 00", "A book 01", "A book 02"]);
  });

  it("rejects a limit above 10 and an over-long prefix", () => {
    const { suggest } = setup();
    expect(() => suggest("a", 11)).toThrow(expect.objectContaining({ reason: "VALIDATION_FAILED" }));
    expect(() => suggest("a".repeat(201))).toThrow(expect.objectContaining({ reason: "VALIDATION_FAILED" }));
  });
});
