import { describe, expect, it } from "vitest";
import { AppError } from "@bookstore/platform/errors";
import { quantityAfterAdd, quantityAfterUpdate, MAX_CART_LINES } from "./cart.js";
import { mergeLines, priceLines } from "./order-lines.js";

const reasonOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.reason : "not an AppError";
  }
  return undefined;
};

describe("order lines", () => {
  it("merges lines of the same book, keeping first-seen order", () => {
    expect(mergeLines([{ bookId: "5", quantity: 1 }, { bookId: "3", quantity: 2 }, { bookId: "5", quantity: 4 }], 50)).toEqual([
      { bookId: "5", quantity: 5 },
      { bookId: "3", quantity: 2 },
    ]);
  });

  it("rejects zero, negative, fractional and too large quantities, also after merging", () => {
    for (const quantity of [0, -1, 1.5, 100])
      expect(reasonOf(() => mergeLines([{ bookId: "5", quantity }], 50)), String(quantity)).toBe("VALIDATION_FAILED");
    expect(reasonOf(() => mergeLines([{ bookId: "5", quantity: 60 }, { bookId: "5", quantity: 40 }], 50))).toBe("VALIDATION_FAILED");
  });

  it("rejects an empty order, malformed ids and more books than allowed", () => {
    expect(reasonOf(() => mergeLines([], 50))).toBe("VALIDATION_FAILED");
    expect(reasonOf(() => mergeLines([{ bookId: "abc", quantity: 1 }], 50))).toBe("VALIDATION_FAILED");
    expect(reasonOf(() => mergeLines([{ bookId: "1", quantity: 1 }, { bookId: "2", quantity: 1 }], 1))).toBe("VALIDATION_FAILED");
  });

  it("prices lines from the catalog and answers NOT_FOUND for an unknown book", () => {
    const books = new Map([["1", { id: "1", title: "One", priceCents: 990, currency: "CNY" }]]);
    expect(priceLines([{ bookId: "1", quantity: 3 }], books)).toEqual([{ bookId: "1", title: "One", quantity: 3, priceCents: 990 }]);
    expect(reasonOf(() => priceLines([{ bookId: "2", quantity: 1 }], books))).toBe("NOT_FOUND");
  });
});

describe("cart rules", () => {
  it("adds to the quantity of a book already in the cart, up to 99", () => {
    expect(quantityAfterAdd([{ bookId: "1", quantity: 2 }], "1", 3)).toBe(5);
    expect(reasonOf(() => quantityAfterAdd([{ bookId: "1", quantity: 98 }], "1", 2))).toBe("VALIDATION_FAILED");
  });

  it("holds at most 50 different books", () => {
    const full = Array.from({ length: MAX_CART_LINES }, (_, i) => ({ bookId: String(i + 1), quantity: 1 }));
    expect(reasonOf(() => quantityAfterAdd(full, "999", 1))).toBe("VALIDATION_FAILED");
    expect(quantityAfterAdd(full, "1", 1)).toBe(2);
  });

  it("updates only lines that are in the cart", () => {
    expect(quantityAfterUpdate([{ bookId: "1", quantity: 2 }], "1", 7)).toBe(7);
    expect(reasonOf(() => quantityAfterUpdate([], "1", 7))).toBe("NOT_FOUND");
    expect(reasonOf(() => quantityAfterUpdate([{ bookId: "1", quantity: 2 }], "1", 0))).toBe("VALIDATION_FAILED");
  });
});
