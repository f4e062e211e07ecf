import { describe, expect, it } from "vitest";
import { CatalogMirror } from "./catalog-mirror.js";
import type { BookFeatures } from "./content-index.js";

const book = (id: string, categoryId: string, over: Partial<BookFeatures> = {}): BookFeatures => ({
  id, title: `书${id}`, authors: [`作者${id}`], categoryId, createdAtMs: Number(id), deleted: false, ...over,
});

describe("CatalogMirror", () => {
  it("lists the newest listed books, overall and per category, and follows deletions", () => {
    const mirror = new CatalogMirror();
    mirror.put([book("1", "a"), book("2", "b"), book("3", "a"), book("4", "b")]);
    expect(mirror.newest(3)).toEqual(["4", "3", "2"]);
    expect(mirror.newest(5, "a")).toEqual(["3", "1"]);
    expect(mirror.newest(5, "zzz")).toEqual([]);

    mirror.put([book("3", "a", { deleted: true }), book("5", "a")]);
    expect(mirror.newest(5, "a")).toEqual(["5", "1"]);
    expect([mirror.isListed("3"), mirror.isGone("3")]).toEqual([false, true]);
    expect([mirror.isListed("404"), mirror.isGone("404")]).toEqual([false, false]);
    expect(mirror.size).toBe(5);
  });

  it("moves a book that changed category and finds content neighbours by author", () => {
    const mirror = new CatalogMirror();
    mirror.setCategoryNames(new Map([["a", "文学/Literature"]]));
    mirror.put([book("1", "a", { authors: ["鲁迅"] }), book("2", "b", { authors: ["鲁迅"] })]);
    mirror.put([book("2", "a", { authors: ["鲁迅"] })]);
    expect(mirror.newest(5, "a")).toEqual(["2", "1"]);
    expect(mirror.newest(5, "b")).toEqual([]);
    expect(mirror.similar("1", 5)).toEqual([expect.objectContaining({ bookId: "2", match: "same_author" })]);
    expect([mirror.categoryOf("2"), mirror.categoryName("a"), mirror.categoryIds()]).toEqual(["a", "文学/Literature", ["a"]]);
  });
});
