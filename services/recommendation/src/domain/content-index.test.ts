import { describe, expect, it } from "vitest";
import { ContentIndex, type BookFeatures } from "./content-index.js";
import { titleTerms } from "./title-terms.js";

const book = (id: string, title: string, authors: string[], categoryId = "c1"): BookFeatures => ({
  id, title, authors, categoryId, createdAtMs: Number(id), deleted: false,
});

describe("titleTerms", () => {
  it("pairs Chinese characters and keeps Latin words without stop words", () => {
    expect([...titleTerms("计算机网络")]).toEqual(["计算", "算机", "机网", "网络"]);
    expect([...titleTerms("The Art of Computer Programming")]).toEqual(["art", "computer", "programming"]);
    expect([...titleTerms("深入理解C++（第3版）")]).toEqual(["深入", "入理", "理解", "第", "版"]);
    expect(titleTerms("📚 !!!").size).toBe(0);
  });
});

describe("ContentIndex", () => {
  const index = new ContentIndex();
  index.put(book("1", "计算机网络（第7版）", ["谢希仁"]));
  index.put(book("2", "计算机网络：自顶向下方法", ["James F. Kurose", "Keith W. Ross"]));
  index.put(book("3", "数据通信与网络", ["谢希仁"], "c2"));
  index.put(book("4", "红楼梦", ["曹雪芹"], "c3"));
  index.put(book("5", "Computer Networking: A Top-Down Approach", ["james f. kurose"]));
  for (let i = 0; i < 20; i++) index.put(book(String(100 + i), `小说${i}号`, [`作者${i}`], "c3"));

  it("finds the same author first, then similar titles; never unrelated books or the book itself", () => {
    const similar = index.similar("1", 10);
    expect(similar[0]).toMatchObject({ bookId: "3", match: "same_author" });
    expect(similar.map((s) => s.bookId)).toContain("2");
    expect(similar.find((s) => s.bookId === "2")?.match).toBe("similar_title");
    expect(similar.map((s) => s.bookId)).not.toContain("4");
    expect(similar.map((s) => s.bookId)).not.toContain("1");
  });

  it("matches authors loosely (case, spacing) across languages", () => {
    expect(index.similar("2", 5)[0]).toMatchObject({ bookId: "5", match: "same_author" });
  });

  it("forgets deleted books and follows changed titles", () => {
    const local = new ContentIndex();
    local.put(book("1", "算法导论", ["Cormen"]));
    local.put(book("2", "算法导论习题解答", ["Someone"]));
    expect(local.similar("1", 5).map((s) => s.bookId)).toEqual(["2"]);
    local.put({ ...book("2", "算法导论习题解答", ["Someone"]), deleted: true });
    expect(local.similar("1", 5)).toEqual([]);
    local.put(book("2", "红楼梦", ["曹雪芹"]));
    expect(local.similar("1", 5)).toEqual([]);
    expect(local.similar("404", 5)).toEqual([]);
  });
});
