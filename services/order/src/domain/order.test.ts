import { describe, expect, it } from "vitest";
import { AppError } from "@bookstore/platform/errors";
import { cancel, canTransition, complete, isExpired, markPaid, newOrder, ORDER_STATUSES, ship, withDiscount, type Order } from "./order.js";

const placed = (over: Partial<Order> = {}): Order => ({
  ...newOrder({
    id: "101",
    userId: "7",
    items: [
      { bookId: "1", title: "A", quantity: 2, priceCents: 1_000 },
      { bookId: "2", title: "B", quantity: 1, priceCents: 2_550 },
    ],
    currency: "CNY",
    addressId: null,
    nowMs: 1_000,
    paymentTimeoutSeconds: 900,
  }),
  ...over,
});

const reasonOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.reason : "not an AppError";
  }
  return undefined;
};

describe("order totals", () => {
  it("adds up price × quantity, pays it all without a coupon and expires after the payment timeout", () => {
    const o = placed();
    expect(o).toMatchObject({ status: "pending_payment", totalCents: 4_550, discountCents: 0, payableCents: 4_550 });
    expect(o.expiresAtMs).toBe(1_000 + 900_000);
  });

  it("takes the coupon off the total", () => {
    expect(withDiscount(placed(), "55", 500, 2_000)).toMatchObject({ couponId: "55", discountCents: 500, payableCents: 4_050 });
  });

  it("never lets a coupon make the order cost less than nothing", () => {
    expect(withDiscount(placed(), "55", 10_000, 2_000)).toMatchObject({ discountCents: 4_550, payableCents: 0 });
  });
});

describe("order state machine", () => {
  it("walks pending_payment → paid → shipped → completed", () => {
    const done = complete(ship(markPaid(placed(), 2), 3), 4);
    expect(done.status).toBe("completed");
    expect(done.updatedAtMs).toBe(4);
  });

  it("cancels an unpaid order and marks its holds for release", () => {
    expect(cancel(placed(), 2)).toMatchObject({ status: "cancelled", releasePending: true });
  });

  it("refuses every other transition with INVALID_STATE", () => {
    const paid = markPaid(placed(), 2);
    expect(reasonOf(() => cancel(paid, 3))).toBe("INVALID_STATE");
    expect(reasonOf(() => ship(placed(), 3))).toBe("INVALID_STATE");
    expect(reasonOf(() => complete(paid, 3))).toBe("INVALID_STATE");
    expect(reasonOf(() => markPaid(paid, 3))).toBe("INVALID_STATE");
    expect(reasonOf(() => markPaid(cancel(placed(), 2), 3))).toBe("INVALID_STATE");
  });

  it("has no way out of completed, cancelled or refunded", () => {
    for (const end of ["completed", "cancelled", "refunded"] as const)
      for (const to of ORDER_STATUSES) expect(canTransition(end, to), `${end} → ${to}`).toBe(false);
  });

  it("counts an unpaid order as expired from its expiry instant, a paid one never", () => {
    const o = placed();
    expect(isExpired(o, o.expiresAtMs - 1)).toBe(false);
    expect(isExpired(o, o.expiresAtMs)).toBe(true);
    expect(isExpired(markPaid(o, 2), o.expiresAtMs + 1)).toBe(false);
  });
});
