import { describe, expect, it } from "vitest";
import { analyzeField, analyzeQuery, asIsbn, exactKey, normalizeText, queryKey, textRuns } from "./text-analysis.js";

const terms = (q: string) => analyzeQuery(q).map((w) => w.term);

describe("text analysis", () => {
  it("splits Latin text into lowercase, stemmed words; stop words stay only in short fields", () => {
    expect(analyzeField("The Art of Computer Programming, 2nd Ed.", "long")).toEqual(["art", "comput", "program", "2nd", "ed"]);
    expect(analyzeField("The Road", "short")).toEqual(["the", "road"]);
    expect(analyzeField("Designing Data-Intensive Applications", "long")).toEqual(["design", "data", "intens", "applic"]);
  });

  it("leaves stop words out of a query unless it has nothing else", () => {
    expect(terms("the lord of the rings")).toEqual(["lord", "ring"]);
    expect(terms("The")).toEqual(["the"]);
  });

  it("keeps apostrophes inside a word and the pluses of C++ and the hash of C#", () => {
    expect(analyzeField("O'Reilly's C++ and C# books", "long")).toEqual(["oreilli", "c++", "c#", "book"]);
    expect(analyzeField("C程序设计语言", "short")).toContain("c");
  });

  it("folds full-width forms, accents and traditional characters", () => {
    expect(normalizeText("ＪＡＶＡ１２３")).toBe("java123");
    expect(normalizeText("Gödel, Escher, Brontë, García Márquez")).toBe("godel, escher, bronte, garcia marquez");
    expect(normalizeText("深入理解計算機系統")).toBe("深入理解计算机系统");
    expect(normalizeText("東野圭吾")).toBe("东野圭吾");
  });

  it("indexes CJK descriptions as bigrams; short fields add jieba words of three or more characters and single characters", () => {
    expect(analyzeField("计算机网络", "long")).toEqual(["计算", "算机", "机网", "网络"]);
    const short = analyzeField("计算机网络", "short");
    expect(short).toEqual(expect.arrayContaining(["计", "算", "机", "网", "络", "计算", "算机", "机网", "网络", "计算机", "计算机网络"]));
  });

  it("cuts a query precisely, drops function characters and rejoins names jieba does not know", () => {
    expect(terms("深入理解计算机")).toEqual(["深入", "理解", "计算机"]);
    expect(terms("平凡的世界")).toEqual(["平凡", "世界"]);
    expect(terms("東野圭吾")).toEqual(["东野", "圭吾"]);
    expect(terms("計算機 Algorithms")).toEqual(["计算机", "algorithm"]);
  });

  it("marks Latin words of five or more letters as typo tolerant", () => {
    expect(analyzeQuery("pyhton go").map((w) => [w.surface, w.fuzzy])).toEqual([["pyhton", true], ["go", false]]);
  });

  it("drops emoji, controls and variation selectors instead of turning them into terms", () => {
    expect(analyzeField("😀\u0000\u0007🙂\uFE0F", "short")).toEqual([]);
    expect(terms("👍🏽 go \u0000")).toEqual(["go"]);
    expect(textRuns(normalizeText("café 👍🏽"))).toEqual([{ text: "cafe", cjk: false, start: 0, end: 4 }]);
  });

  it("survives a 200-character query of mixed scripts and junk", () => {
    const junk = "計算機😀\u0007ａｂｃ'+#".repeat(20);
    expect(() => analyzeQuery(junk)).not.toThrow();
    expect(terms(junk)).toContain("计算机");
  });

  it("recognises ISBN-10 and ISBN-13 with or without hyphens, an ISBN-10 as its ISBN-13", () => {
    expect(asIsbn("978-7-111-54493-7")).toBe("9787111544937");
    expect(asIsbn("ISBN: 978 7 111 54493 7")).toBe("9787111544937");
    expect(asIsbn("0-306-40615-2")).toBe("9780306406157");
    expect(asIsbn("0132350882")).toBe("9780132350884");
    expect(asIsbn("978711154493")).toBeUndefined();
    expect(asIsbn("java")).toBeUndefined();
  });

  it("compares whole names and titles without spacing or punctuation", () => {
    expect(exactKey("J.R.R. Tolkien")).toBe(exactKey("J. R. R. Tolkien"));
    expect(exactKey("加西亚·马尔克斯")).toBe("加西亚马尔克斯");
  });

  it("keys hot queries by their normalized, whitespace-collapsed form", () => {
    expect(queryKey("  Deep   LEARNING ")).toBe("deep learning");
  });
});
