import { describe, expect, it } from "vitest";
import { AppError } from "@bookstore/platform/errors";
import { availableField, compareIds, reservationKey, stockLines } from "./stock.js";

describe("stock rules", () => {
  it("merges lines of one book and sorts by id numerically, so locks are always taken in one order", () => {
    expect(
      stockLines([
        { bookId: "20", quantity: 1 },
        { bookId: "3", quantity: 2 },
        { bookId: "20", quantity: 4 },
        { bookId: "100", quantity: 1 },
      ]),
    ).toEqual([
      { bookId: "3", quantity: 2 },
      { bookId: "20", quantity: 5 },
      { bookId: "100", quantity: 1 },
    ]);
  });

  it("refuses empty orders, zero, negative and fractional quantities", () => {
    for (const lines of [[], [{ bookId: "1", quantity: 0 }], [{ bookId: "1", quantity: -2 }], [{ bookId: "1", quantity: 1.5 }]])
      expect(() => stockLines(lines)).toThrow(AppError);
  });

  it("keeps available between 0 and 1,000,000 and keys between 1 and 128 characters", () => {
    expect(availableField(0)).toBe(0);
    expect(availableField(1_000_000)).toBe(1_000_000);
    for (const n of [-1, 1_000_001, 2.5]) expect(() => availableField(n)).toThrow(AppError);
    expect(() => reservationKey("")).toThrow(AppError);
    expect(() => reservationKey("k".repeat(129))).toThrow(AppError);
    expect(reservationKey("order-1:reserve")).toBe("order-1:reserve");
  });

  it("compares Snowflake ids as numbers", () => {
    expect(compareIds("9", "10")).toBeLessThan(0);
    expect(compareIds("123456789012345678", "123456789012345679")).toBeLessThan(0);
    expect(compareIds("5", "5")).toBe(0);
  });
});
