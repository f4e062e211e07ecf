import { describe, expect, it } from "vitest";
import { SlidingWindowLimiter } from "./sliding-window-limiter.js";

const clock = () => {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
};

describe("SlidingWindowLimiter", () => {
  it("blocks a key after `limit` events until the oldest leaves the window", () => {
    const c = clock();
    const limiter = new SlidingWindowLimiter({ limit: 3, windowMs: 60_000, now: c.now });
    for (let i = 0; i < 3; i++) {
      expect(limiter.blockedFor("k")).toBeUndefined();
      limiter.record("k");
      c.advance(10_000);
    }
    // Events at 0 s, 10 s, 20 s; now 30 s: the first leaves the window at 60 s.
    expect(limiter.blockedFor("k")).toBe(30);
    c.advance(29_000);
    expect(limiter.blockedFor("k")).toBe(1);
    c.advance(1_000);
    expect(limiter.blockedFor("k")).toBeUndefined();
  });

  it("keeps keys apart and forgets a key on reset", () => {
    const c = clock();
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 1_000, now: c.now });
    limiter.record("a");
    expect(limiter.blockedFor("a")).toBe(1);
    expect(limiter.blockedFor("b")).toBeUndefined();
    limiter.reset("a");
    expect(limiter.blockedFor("a")).toBeUndefined();
  });

  it("consume counts only allowed events", () => {
    const c = clock();
    const limiter = new SlidingWindowLimiter({ limit: 2, windowMs: 3_600_000, now: c.now });
    expect(limiter.consume("ip")).toBeUndefined();
    expect(limiter.consume("ip")).toBeUndefined();
    expect(limiter.consume("ip")).toBe(3600);
    c.advance(3_600_000);
    expect(limiter.consume("ip")).toBeUndefined();
  });

  it("bounds memory by forgetting the least recently used keys", () => {
    const c = clock();
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 60_000, maxKeys: 2, now: c.now });
    limiter.record("a");
    limiter.record("b");
    limiter.record("c");
    expect(limiter.blockedFor("a")).toBeUndefined();
    expect(limiter.blockedFor("c")).toBe(60);
  });
});
