import { describe, expect, it } from "vitest";
import { AppError, Reason } from "@bookstore/platform/errors";
import { bookFields, newBook, patchBook, softDelete, type BookFields } from "./book.js";

const valid: BookFields = {
  isbn: "978-7-5366-9293-0",
  title: "  三体 ",
  authors: [" 刘慈欣 "],
  publisher: "重庆出版社",
  language: "ZH",
  categoryId: "100",
  priceCents: 2300,
  currency: "",
  description: "",
  coverUrl: "",
  publishedAt: "2008-01-01",
};

function failure(fn: () => unknown): { reason: string; field: unknown } {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return { reason: e.reason, field: e.details["field"] };
    throw e;
  }
  throw new Error("did not fail");
}

describe("book rules", () => {
  it("normalizes a valid book: ISBN digits only, trimmed text, lower-case language, CNY by default", () => {
    expect(bookFields(valid)).toEqual({
      ...valid,
      isbn: "9787536692930",
      title: "三体",
      authors: ["刘慈欣"],
      language: "zh",
      currency: "CNY",
    });
  });

  it.each([
    ["isbn", { isbn: "9787536692931" }],
    ["title", { title: "   " }],
    ["title", { title: "x".repeat(301) }],
    ["authors", { authors: [] }],
    ["authors", { authors: Array.from({ length: 21 }, (_, i) => `a${i}`) }],
    ["authors[1]", { authors: ["ok", " "] }],
    ["authors[0]", { authors: ["y".repeat(101)] }],
    ["publisher", { publisher: "p".repeat(201) }],
    ["language", { language: "chinese" }],
    ["language", { language: "z1" }],
    ["priceCents", { priceCents: -1 }],
    ["priceCents", { priceCents: 100_000_001 }],
    ["priceCents", { priceCents: 12.5 }],
    ["currency", { currency: "USD" }],
    ["description", { description: "d".repeat(10_001) }],
    ["coverUrl", { coverUrl: "u".repeat(1_001) }],
    ["publishedAt", { publishedAt: "2023-02-30" }],
    ["publishedAt", { publishedAt: "2023/02/01" }],
  ])("rejects a bad %s with VALIDATION_FAILED", (field, change) => {
    expect(failure(() => bookFields({ ...valid, ...change }))).toEqual({ reason: Reason.VALIDATION_FAILED, field });
  });

  it("counts characters, not UTF-16 units: 300 CJK or emoji characters fit a title", () => {
    expect(bookFields({ ...valid, title: "书".repeat(300) }).title).toHaveLength(300);
    expect([...bookFields({ ...valid, title: "📚".repeat(300) }).title]).toHaveLength(300);
  });

  it("accepts the price bounds and an unknown publication date", () => {
    expect(bookFields({ ...valid, priceCents: 0 }).priceCents).toBe(0);
    expect(bookFields({ ...valid, priceCents: 100_000_000 }).priceCents).toBe(100_000_000);
    expect(bookFields({ ...valid, publishedAt: "" }).publishedAt).toBeNull();
    expect(bookFields({ ...valid, publishedAt: null }).publishedAt).toBeNull();
  });

  it("patches only the fields given, through the same rules, and stamps the update time", () => {
    const book = newBook("1", valid, 1_000);
    const patched = patchBook(book, { title: " 黑暗森林 ", priceCents: 3200, publishedAt: null }, 2_000);
    expect(patched).toEqual({ ...book, title: "黑暗森林", priceCents: 3200, publishedAt: null, updatedAtMs: 2_000 });
    expect(failure(() => patchBook(book, { isbn: "123" }, 2_000)).field).toBe("isbn");
  });

  it("soft delete keeps the book, marked deleted", () => {
    const book = newBook("1", valid, 1_000);
    expect(softDelete(book, 5_000)).toEqual({ ...book, deleted: true, updatedAtMs: 5_000 });
  });
});
