import { describe, expect, it } from "vitest";
import { ClockMovedBackwardsError, isSnowflake, Snowflake, SNOWFLAKE_EPOCH_MS } from "./snowflake.js";

describe("Snowflake", () => {
  it("issues unique, increasing ids that encode time and worker", () => {
    const gen = new Snowflake(513);
    const ids = Array.from({ length: 20_000 }, () => gen.next());
    expect(new Set(ids).size).toBe(ids.length);
    const big = ids.map(BigInt);
    for (let i = 1; i < big.length; i++) expect(big[i]! > big[i - 1]!).toBe(true);
    const first = big[0]!;
    expect(Number((first >> 12n) & 1023n)).toBe(513);
    expect(Number(first >> 22n) + SNOWFLAKE_EPOCH_MS).toBeLessThanOrEqual(Date.now());
    expect(ids.every(isSnowflake)).toBe(true);
  });

  it("waits out a small clock step back instead of repeating an id", () => {
    const times = [SNOWFLAKE_EPOCH_MS + 1000, SNOWFLAKE_EPOCH_MS + 990, SNOWFLAKE_EPOCH_MS + 995, SNOWFLAKE_EPOCH_MS + 1001];
    let i = 0;
    const gen = new Snowflake(1, () => times[Math.min(i++, times.length - 1)]!);
    const a = gen.next();
    const b = gen.next();
    expect(BigInt(b) > BigInt(a)).toBe(true);
  });

  it("fails loudly when the clock jumps far back", () => {
    let now = SNOWFLAKE_EPOCH_MS + 100_000;
    const gen = new Snowflake(1, () => now);
    gen.next();
    now -= 60_000;
    expect(() => gen.next()).toThrow(ClockMovedBackwardsError);
  });
});
