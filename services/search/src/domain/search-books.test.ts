import { describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import { HotQueries } from "./hot-queries.js";
import { ListHotKeywords } from "./list-hot-keywords.js";
import { SearchBooks } from "./search-books.js";
import { SearchIndex } from "./search-index.js";

describe("SearchBooks", () => {
  it("counts first-page searches that found something toward hot keywords, folded as search folds text", async () => {
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
    run("ＧＯ"); // full-width
    run("語言"); // traditional
    run("语言");
    const list = new ListHotKeywords({ hot });
    expect(await list.execute({ limit: 0, window: "" })).toEqual([
      { keyword: "go", count: 3 },
      { keyword: "语言", count: 2 },
    ]);
    expect(await list.execute({ limit: 1, window: "24h" })).toEqual([{ keyword: "go", count: 3 }]);
    await expect(list.execute({ limit: 0, window: "7d" })).rejects.toMatchObject({ reason: "VALIDATION_FAILED" });
  });
});
