import { describe, expect, it } from "vitest";
import { bookFields } from "../domain/book.js";
import { isValidIsbn13 } from "../domain/isbn.js";
import { SEED_BOOKS } from "./books-data.js";
import { SEED_CATEGORIES } from "./categories-data.js";

describe("the demo catalogue", () => {
  it("has at least 200 books, about half Chinese and half English", () => {
    expect(SEED_BOOKS.length).toBeGreaterThanOrEqual(200);
    const zh = SEED_BOOKS.filter((b) => b.language === "zh").length;
    const en = SEED_BOOKS.filter((b) => b.language === "en").length;
    expect(zh + en).toBe(SEED_BOOKS.length);
    expect(Math.min(zh, en) / SEED_BOOKS.length).toBeGreaterThan(0.4);
  });

  it("uses only valid ISBN-13s (check digit included), each once", () => {
    const invalid = SEED_BOOKS.filter((b) => !isValidIsbn13(b.isbn)).map((b) => `${b.isbn} ${b.title}`);
    expect(invalid).toEqual([]);
    const seen = new Set<string>();
    const repeated = SEED_BOOKS.filter((b) => seen.size === seen.add(b.isbn).size).map((b) => b.isbn);
    expect(repeated).toEqual([]);
  });

  it("passes every rule a book created through the API passes", () => {
    for (const b of SEED_BOOKS) {
      expect(() => bookFields({ ...b, categoryId: "1", currency: "", coverUrl: "" }), `${b.isbn} ${b.title}`).not.toThrow();
      expect(b.publishedAt, b.title).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(b.priceCents, b.title).toBeGreaterThan(0);
      expect(b.description.length, b.title).toBeGreaterThan(0);
    }
  });

  it("files every book under a known category, and every category holds books", () => {
    const keys = new Set(SEED_CATEGORIES.map((c) => c.key));
    expect(SEED_BOOKS.filter((b) => !keys.has(b.category))).toEqual([]);
    for (const key of keys) expect(SEED_BOOKS.some((b) => b.category === key), key).toBe(true);
  });

  it("includes the classics and several titles with 计算机 in them", () => {
    const titles = SEED_BOOKS.map((b) => b.title);
    for (const t of ["三体", "活着", "围城", "红楼梦", "Clean Code: A Handbook of Agile Software Craftsmanship", "Designing Data-Intensive Applications"])
      expect(titles).toContain(t);
    expect(titles.filter((t) => t.includes("平凡的世界"))).toHaveLength(1);
    expect(titles.filter((t) => t.includes("计算机")).length).toBeGreaterThanOrEqual(5);
  });

  it("stocks mostly 20 to 200, with a few sold out and a few low, none of them on the first pages", () => {
    const stock = SEED_BOOKS.map((b) => b.stock);
    expect(stock.every((s) => Number.isInteger(s) && s >= 0 && s <= 200)).toBe(true);
    expect(stock.filter((s) => s === 0).length).toBeGreaterThanOrEqual(3);
    expect(stock.filter((s) => s > 0 && s <= 5).length).toBeGreaterThanOrEqual(3);
    expect(stock.filter((s) => s >= 20).length / stock.length).toBeGreaterThan(0.9);
    // Demo journeys buy from the first pages and from 计算机 search hits: those must be in stock.
    expect(SEED_BOOKS.slice(0, 60).every((b) => b.stock >= 20)).toBe(true);
    expect(SEED_BOOKS.filter((b) => b.title.includes("计算机")).every((b) => b.stock >= 20)).toBe(true);
  });
});
