import { describe, expect, it } from "vitest";
import { ndcgAt, parseJudgments, recallAt, summarize, type Judgment } from "./relevance-metrics.js";

const judgment: Judgment = {
  query: "q",
  kind: "english",
  relevant: [
    { isbn: "A", grade: 2, title: "" },
    { isbn: "B", grade: 1, title: "" },
  ],
};

describe("relevance metrics", () => {
  it("scores the ideal order 1 and a worse order less", () => {
    expect(ndcgAt(10, ["A", "B", "x"], judgment)).toBeCloseTo(1);
    // DCG = 1/log2(2) + 3/log2(3); ideal = 3/log2(2) + 1/log2(3)
    expect(ndcgAt(10, ["B", "A"], judgment)).toBeCloseTo((1 + 3 / Math.log2(3)) / (3 + 1 / Math.log2(3)));
    expect(ndcgAt(10, ["x", "y"], judgment)).toBe(0);
  });

  it("counts only the first k results and each book once", () => {
    expect(ndcgAt(1, ["x", "A"], judgment)).toBe(0);
    expect(ndcgAt(10, ["A", "A"], judgment)).toBeCloseTo(3 / (3 + 1 / Math.log2(3)));
  });

  it("measures recall out of at most k relevant books", () => {
    expect(recallAt(10, ["B", "x"], judgment)).toBe(0.5);
    const many: Judgment = { ...judgment, relevant: Array.from({ length: 12 }, (_, i) => ({ isbn: `b${i}`, grade: 2, title: "" })) };
    expect(recallAt(10, Array.from({ length: 10 }, (_, i) => `b${i}`), many)).toBe(1);
  });

  it("averages per query and per kind", () => {
    const report = summarize([
      { query: "a", kind: "x", ndcg: 1, recall: 1, top: [] },
      { query: "b", kind: "y", ndcg: 0.5, recall: 0, top: [] },
      { query: "c", kind: "y", ndcg: 0, recall: 0, top: [] },
    ]);
    expect(report).toMatchObject({ ndcg: 0.5, queries: 3, byKind: { x: { ndcg: 1 }, y: { ndcg: 0.25, queries: 2 } } });
  });

  it("refuses a judgments file with a malformed entry", () => {
    expect(() => parseJudgments({ queries: [{ query: "q", kind: "k", relevant: [{ isbn: "123", grade: 2 }] }] })).toThrow(/bad entry/);
    expect(() => parseJudgments({ queries: [{ query: "q", kind: "k", relevant: [] }] })).toThrow(/no book/);
    expect(parseJudgments({ queries: [{ query: "q", kind: "k", relevant: [{ isbn: "9787111544937", grade: 1 }] }] })).toHaveLength(1);
  });
});
