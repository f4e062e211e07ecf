import { describe, expect, it } from "vitest";
import { Reason } from "@bookstore/platform/errors";
import { checkFreezable, newCoupon, seenAt } from "./coupon.js";

const now = 1_000_000;
const coupon = newCoupon(
  { userId: "7", discountCents: 1000, minOrderCents: 5000, expiresAtMs: now + 60_000 },
  "1",
  now,
);

describe("coupons", () => {
  it("start available, detached from any order", () => {
    expect(coupon).toMatchObject({ status: "available", orderId: null, createdAtMs: now });
  });

  it("read as expired once an available one passes its expiry", () => {
    expect(seenAt(coupon, now + 59_999).status).toBe("available");
    expect(seenAt(coupon, now + 60_000).status).toBe("expired");
  });

  it("stay frozen past expiry: the order was placed in time", () => {
    expect(seenAt({ ...coupon, status: "frozen" }, now + 120_000).status).toBe("frozen");
  });

  it("never expire without an expiry", () => {
    expect(seenAt({ ...coupon, expiresAtMs: null }, Number.MAX_SAFE_INTEGER).status).toBe("available");
  });

  it("freeze only when available, unexpired and the order reaches the minimum", () => {
    expect(() => checkFreezable(coupon, 5000, now)).not.toThrow();
    const invalid = expect.objectContaining({ reason: Reason.INVALID_STATE });
    expect(() => checkFreezable(coupon, 4999, now)).toThrow(invalid);
    expect(() => checkFreezable(coupon, 9999, now + 60_000)).toThrow(invalid);
    expect(() => checkFreezable({ ...coupon, status: "used" }, 9999, now)).toThrow(invalid);
    expect(() => checkFreezable({ ...coupon, status: "frozen" }, 9999, now)).toThrow(invalid);
  });

  it.each([
    { discountCents: 0 },
    { discountCents: 1.5 },
    { discountCents: 100_000_001 },
    { minOrderCents: -1 },
    { expiresAtMs: now },
  ])("reject %j", (bad) => {
    expect(() =>
      newCoupon({ userId: "7", discountCents: 100, minOrderCents: 0, expiresAtMs: null, ...bad }, "1", now),
    ).toThrow(expect.objectContaining({ reason: Reason.VALIDATION_FAILED }));
  });
});
