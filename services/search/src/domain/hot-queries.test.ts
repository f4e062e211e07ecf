import { describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import { HotQueries } from "./hot-queries.js";

describe("HotQueries", () => {
  it("ranks keywords by searches, ties by keyword", () => {
    const hot = new HotQueries(new FakeClock());
    for (const k of ["go", "rust", "go", "java", "rust", "go"]) hot.record(k);
    expect(hot.top(2)).toEqual([
      { keyword: "go", count: 3 },
      { keyword: "rust", count: 2 },
    ]);
    expect(hot.top(10).map((k) => k.keyword)).toEqual(["go", "rust", "java"]);
  });

  it("forgets searches older than the window, a minute at a time", () => {
    const clock = new FakeClock();
    const hot = new HotQueries(clock);
    hot.record("old");
    clock.advance(30 * 60_000);
    hot.record("recent");
    hot.record("old");
    expect(hot.count("old")).toBe(2);
    clock.advance(31 * 60_000);
    expect(hot.count("old")).toBe(1);
    expect(hot.top(10)).toEqual([
      { keyword: "old", count: 1 },
      { keyword: "recent", count: 1 },
    ]);
    clock.advance(60 * 60_000);
    expect(hot.top(10)).toEqual([]);
    expect(hot.distinct).toBe(0);
  });

  it("keeps memory bounded by dropping the least searched keywords", () => {
    const hot = new HotQueries(new FakeClock(), { maxKeys: 100 });
    for (let i = 0; i < 5; i++) hot.record("popular");
    for (let i = 0; i < 1_000; i++) hot.record(`junk-${i}`);
    expect(hot.distinct).toBeLessThanOrEqual(100);
    expect(hot.top(1)).toEqual([{ keyword: "popular", count: 5 }]);
  });
});
