import { describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import { Registry } from "@bookstore/platform/metrics";
import { HotQueries } from "../domain/hot-queries.js";
import { SearchIndex } from "../domain/search-index.js";
import { keywordLabel, MAX_KEYWORD_LABEL_LENGTH, registerSearchMetrics } from "./search-metrics.js";

describe("keywordLabel", () => {
  it("keeps short keywords, Chinese included, as they are", () => {
    expect(keywordLabel("深入理解计算机系统")).toBe("深入理解计算机系统");
    expect(keywordLabel("go programming")).toBe("go programming");
  });

  it("cuts long keywords to the cap in code points, marking the cut", () => {
    const label = keywordLabel("计算机".repeat(20));
    expect([...label]).toHaveLength(MAX_KEYWORD_LABEL_LENGTH);
    expect(label).toBe(`${"计算机".repeat(13)}…`);
    expect([...keywordLabel("😀".repeat(50))]).toHaveLength(MAX_KEYWORD_LABEL_LENGTH); // no half surrogate pairs
  });

  it("drops control and format characters and collapses whitespace", () => {
    expect(keywordLabel("a\u0000b\u200bc\n\td \u202e e")).toBe("abc d e");
  });
});

describe("search_top_keyword_searches", () => {
  it("has at most 10 series, the current top 10, however many keywords were searched", async () => {
    const registry = new Registry();
    const hot = new HotQueries(new FakeClock());
    registerSearchMetrics(registry, { index: new SearchIndex(), hot });
    for (let i = 0; i < 1_000; i++) hot.record(`junk-${i}`);
    for (let i = 0; i < 12; i++) for (let n = 0; n < 14 - i; n++) hot.record(`keyword-${i}`);
    const series = (await registry.getSingleMetric("search_top_keyword_searches")?.get())?.values ?? [];
    expect(series.map((s) => [s.labels["rank"], s.labels["keyword"], s.value])).toEqual(
      Array.from({ length: 10 }, (_, i) => [String(i + 1), `keyword-${i}`, 14 - i]),
    );
  });
});
