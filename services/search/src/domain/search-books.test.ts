import { describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import { HotQueries } from "./hot-queries.js";
import { ListHotKeywords } from "./list-hot-keywords.js";
import { SearchBooks } from "./search-books.js";
import { SearchIndex } from "./search-index.js";

describe("SearchBooks", () => {
  it("counts first-page searches that found something toward hot keywords, normalized", () => {
    const index = new SearchIndex();
    index.upsert({
      id: "1", isbn: "9787111544937", title: "Go 语言", authors: [], publisher: "", categoryId: "1", categoryName: "",
      description: "", priceCents: 1, language: "zh", inStock: true, createdAtMs: 1,
    });
    const hot = new HotQueries(new FakeClock());
    const search = new SearchBooks({ index, hot });
    const run = (q: string, page = 1) => search.execute({ q, categoryId: "", language: "", sort: "", page, size: 10 });
    expect(run("  GO ").total).toBe(1);
    run("go");
    run("go", 2); // paging is the same search
    run("python"); // found nothing
    run("978-7-111-54493-7"); // a lookup, not a keyword
    run("");
    expect(new ListHotKeywords({ hot }).execute({ limit: 0 })).toEqual([{ keyword: "go", count: 2 }]);
  });
});
