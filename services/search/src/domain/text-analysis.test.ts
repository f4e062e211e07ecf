import { describe, expect, it } from "vitest";
import { analyze, analyzeQuery, asIsbn, normalizeText, queryKey } from "./text-analysis.js";

describe("text analysis", () => {
  it("splits Latin text into lowercase words on anything that is not a letter or digit", () => {
    expect(analyze("Deep-Learning, 2nd Ed. (O'Reilly)")).toEqual(["deep", "learning", "2nd", "ed", "o", "reilly"]);
  });

  it("folds full-width and compatibility forms with NFKC", () => {
    expect(normalizeText("ＪＡＶＡ１２３")).toBe("java123");
    expect(analyze("ＪＡＶＡ编程")).toEqual(["java", "编", "编程", "程"]);
  });

  it("indexes CJK runs as single characters plus overlapping bigrams", () => {
    expect(analyze("计算机")).toEqual(["计", "计算", "算", "算机", "机"]);
  });

  it("requires every CJK bigram of a query, and a lone character by itself", () => {
    expect(analyzeQuery("计算机").required).toEqual(["计算", "算机"]);
    expect(analyzeQuery("书").required).toEqual(["书"]);
    expect(analyzeQuery("计算机 Java").scoring).toEqual(["计", "计算", "算", "算机", "机", "java"]);
  });

  it("drops emoji, controls and variation selectors instead of turning them into tokens", () => {
    expect(analyze("😀\u0000\u0007🙂\uFE0F")).toEqual([]);
    expect(analyzeQuery("👍🏽 go").required).toEqual(["go"]);
    expect(analyze("café")).toEqual(["café"]);
  });

  it("recognises ISBN-10 and ISBN-13 with or without hyphens", () => {
    expect(asIsbn("978-7-111-54493-7")).toBe("9787111544937");
    expect(asIsbn("0-306-40615-x")).toBe("030640615X");
    expect(asIsbn("978711154493")).toBeUndefined();
    expect(asIsbn("java")).toBeUndefined();
  });

  it("keys hot queries by their normalized, whitespace-collapsed form", () => {
    expect(queryKey("  Deep   LEARNING ")).toBe("deep learning");
  });
});
