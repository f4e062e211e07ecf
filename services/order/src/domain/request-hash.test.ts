import { describe, expect, it } from "vitest";
import { AppError } from "@bookstore/platform/errors";
import { parseOrderRequest, type PlaceOrderInput } from "./order-request.js";

const input = (over: Partial<PlaceOrderInput> = {}): PlaceOrderInput => ({
  userId: "7",
  idempotencyKey: "k-1",
  items: [{ bookId: "1", quantity: 1 }, { bookId: "2", quantity: 2 }],
  fromCart: false,
  couponId: "",
  addressId: "",
  ...over,
});
const hash = (over: Partial<PlaceOrderInput> = {}) => parseOrderRequest(input(over), 50).hash;

describe("idempotency request hash", () => {
  it("is a sha256 hex digest that ignores line order and split lines", () => {
    expect(hash()).toMatch(/^[0-9a-f]{64}$/);
    expect(hash({ items: [{ bookId: "2", quantity: 2 }, { bookId: "1", quantity: 1 }] })).toBe(hash());
    expect(hash({ items: [{ bookId: "2", quantity: 1 }, { bookId: "1", quantity: 1 }, { bookId: "2", quantity: 1 }] })).toBe(hash());
  });

  it("changes with quantities, books, coupon, address and the cart flag", () => {
    const base = hash();
    expect(hash({ items: [{ bookId: "1", quantity: 2 }, { bookId: "2", quantity: 2 }] })).not.toBe(base);
    expect(hash({ items: [{ bookId: "1", quantity: 1 }] })).not.toBe(base);
    expect(hash({ couponId: "9" })).not.toBe(base);
    expect(hash({ addressId: "9" })).not.toBe(base);
    expect(hash({ items: [], fromCart: true })).not.toBe(base);
  });

  it("does not depend on the key itself", () => {
    expect(hash({ idempotencyKey: "other" })).toBe(hash());
  });

  it("rejects a missing or over-long key and asking for both items and the cart", () => {
    const reason = (over: Partial<PlaceOrderInput>) => {
      try {
        parseOrderRequest(input(over), 50);
      } catch (e) {
        return e instanceof AppError ? e.reason : "other";
      }
      return undefined;
    };
    expect(reason({ idempotencyKey: "" })).toBe("VALIDATION_FAILED");
    expect(reason({ idempotencyKey: "x".repeat(129) })).toBe("VALIDATION_FAILED");
    expect(reason({ idempotencyKey: "x".repeat(128) })).toBeUndefined();
    expect(reason({ fromCart: true })).toBe("VALIDATION_FAILED");
    expect(reason({ items: [] })).toBe("VALIDATION_FAILED");
  });
});
