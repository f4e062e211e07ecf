import { describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import { HotQueries } from "./hot-queries.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe("HotQueries (in memory)", () => {
  it("ranks keywords by searches, ties by keyword", async () => {
    const hot = new HotQueries(new FakeClock());
    for (const k of ["go", "rust", "go", "java", "rust", "go"]) hot.record(k);
    expect(await hot.top("1h", 2)).toEqual([
      { keyword: "go", count: 3 },
      { keyword: "rust", count: 2 },
    ]);
    expect((await hot.top("1h", 10)).map((k) => k.keyword)).toEqual(["go", "rust", "java"]);
  });

  it("forgets searches older than the hour a minute at a time, and older than the day an hour at a time", async () => {
    const clock = new FakeClock();
    const hot = new HotQueries(clock);
    hot.record("old");
    clock.advance(30 * MINUTE);
    hot.record("recent");
    hot.record("old");
    expect(hot.count("old")).toBe(2);
    clock.advance(31 * MINUTE);
    expect(hot.count("old")).toBe(1);
    expect(await hot.top("1h", 10)).toEqual([
      { keyword: "old", count: 1 },
      { keyword: "recent", count: 1 },
    ]);
    expect(await hot.top("24h", 10)).toEqual([
      { keyword: "old", count: 2 },
      { keyword: "recent", count: 1 },
    ]);
    clock.advance(HOUR);
    expect(await hot.top("1h", 10)).toEqual([]);
    expect(hot.distinct("1h")).toBe(0);
    expect(hot.count("old", "24h")).toBe(2);
    clock.advance(23 * HOUR);
    expect(await hot.top("24h", 10)).toEqual([]);
    expect(hot.distinct("24h")).toBe(0);
  });

  it("keeps memory bounded by dropping the least searched keywords", async () => {
    const hot = new HotQueries(new FakeClock(), { maxKeys: 100 });
    for (let i = 0; i < 5; i++) hot.record("popular");
    for (let i = 0; i < 1_000; i++) hot.record(`junk-${i}`);
    expect(hot.distinct("1h")).toBeLessThanOrEqual(100);
    expect(hot.distinct("24h")).toBeLessThanOrEqual(100);
    expect(await hot.top("1h", 1)).toEqual([{ keyword: "popular", count: 5 }]);
    expect(await hot.top("24h", 1)).toEqual([{ keyword: "popular", count: 5 }]);
  });
});
