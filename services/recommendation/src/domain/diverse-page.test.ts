import { describe, expect, it } from "vitest";
import { diversePage } from "./diverse-page.js";

const of = (ids: string[]) => ids.map((bookId) => ({ bookId }));
const categoryOf = (id: string) => (id.startsWith("?") ? undefined : id[0]);

describe("diversePage", () => {
  it("keeps one category to 3 of 10, in candidate order, each book once, nothing excluded", () => {
    const candidates = of(["a1", "a2", "a2", "a3", "a4", "a5", "b1", "x9", "b2", "c1", "c2", "d1", "d2", "?1", "e1", "a6"]);
    const page = diversePage(candidates, { limit: 10, exclude: (id) => id === "x9", categoryOf }).map((c) => c.bookId);
    expect(page).toEqual(["a1", "a2", "a3", "b1", "b2", "c1", "c2", "d1", "d2", "?1"]);
  });

  it("fills with held-back books only when other categories cannot fill the page", () => {
    const page = diversePage(of(["a1", "a2", "a3", "a4", "a5", "b1"]), { limit: 5, exclude: () => false, categoryOf });
    expect(page.map((c) => c.bookId)).toEqual(["a1", "a2", "b1", "a3", "a4"]);
  });

  it("scales the cap with the page size", () => {
    const page = diversePage(of(["a1", "a2", "a3", "b1", "b2"]), { limit: 3, exclude: () => false, categoryOf });
    expect(page.map((c) => c.bookId)).toEqual(["a1", "b1", "a2"]);
  });
});
