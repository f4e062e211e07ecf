import { describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import { CartAbandonment } from "./cart-abandonment.js";

const HOUR = 3_600_000;

describe("CartAbandonment", () => {
  it("is 0 with no carts, and 1 − converted/created among carts created in the window", () => {
    const window = new CartAbandonment(new FakeClock(), { windowMs: HOUR });
    expect(window.ratio()).toBe(0);
    for (const u of ["a", "b", "c", "d"]) window.created(u);
    window.converted("a");
    window.converted("a"); // a second order from the same cart is not a second conversion
    window.converted("stranger"); // a cart this process never saw created
    expect(window.ratio()).toBe(0.75);
  });

  it("forgets carts created before the window, conversions included", () => {
    const clock = new FakeClock();
    const window = new CartAbandonment(clock, { windowMs: HOUR });
    window.created("old");
    clock.advance(30 * 60_000);
    window.created("new");
    window.converted("new");
    expect(window.ratio()).toBe(0.5);
    clock.advance(31 * 60_000);
    expect(window.ratio()).toBe(0); // "old" left the window: the one cart in it converted
    window.converted("old"); // its order comes too late to count in this window
    expect(window.ratio()).toBe(0);
    clock.advance(HOUR);
    expect(window.ratio()).toBe(0);
  });

  it("counts a cart emptied and filled again as a new cart", () => {
    const window = new CartAbandonment(new FakeClock(), { windowMs: HOUR });
    window.created("a");
    window.created("a");
    window.converted("a");
    expect(window.ratio()).toBe(0.5);
  });

  it("stays bounded: beyond maxOpenCarts the oldest open carts are forgotten", () => {
    const window = new CartAbandonment(new FakeClock(), { windowMs: HOUR, maxOpenCarts: 2 });
    for (const u of ["a", "b", "c"]) window.created(u);
    window.converted("a"); // forgotten: counts as abandoned
    window.converted("c");
    expect(window.ratio()).toBeCloseTo(2 / 3);
  });
});
