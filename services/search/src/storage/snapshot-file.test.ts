import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import type { BookChange, CatalogFeed, ChangePage, FeedCursor } from "../domain/catalog-feed.js";
import { HotQueries } from "../domain/hot-queries.js";
import { IndexPersistence, SNAPSHOT_FORMAT, type IndexSnapshot } from "../domain/index-snapshot.js";
import { SalesTally } from "../domain/sales-tally.js";
import { SearchIndex } from "../domain/search-index.js";
import { parseSearchQuery, type SearchInput } from "../domain/search-query.js";
import { Suggester } from "../domain/suggester.js";
import { SyncIndex } from "../domain/sync-index.js";
import { encodeSnapshot, FileSnapshotStore } from "./snapshot-file.js";

/** A change log standing in for the catalog at the port. */
class LogFeed implements CatalogFeed {
  readonly log: BookChange[] = [];
  reads: FeedCursor[] = [];

  put(over: Partial<BookChange> & { id: string }): void {
    const base: BookChange = {
      id: over.id, isbn: "", title: "", authors: [], publisher: "Press", language: "en", categoryId: "1", priceCents: 1000,
      description: "", createdAtMs: Number(over.id), deleted: false, available: 1,
    };
    this.log.push({ ...base, ...(this.log.findLast((c) => c.id === over.id) ?? {}), ...over });
  }

  async changes(after: FeedCursor, limit: number): Promise<ChangePage> {
    this.reads.push(after);
    const newer = this.log.map((c, at) => ({ c, at: at + 1 })).filter(({ at }) => at > after.changedAtMs).slice(0, limit);
    const last = newer.at(-1);
    return { changes: newer.map(({ c }) => c), next: last ? { changedAtMs: last.at, id: last.c.id } : after };
  }

  async categoryNames(): Promise<ReadonlyMap<string, string>> {
    return new Map([["1", "Computing"], ["2", "文学/Literature"]]);
  }
}

/** One search process's parts, as main.ts wires them. */
function processParts(feed: CatalogFeed, path: string, clock = new FakeClock()) {
  const sales = new SalesTally(clock);
  const index = new SearchIndex({ sales });
  const hot = new HotQueries(clock);
  const suggester = new Suggester(index, hot);
  const sync = new SyncIndex({ feed, index, clock });
  const persistence = new IndexPersistence({ index, suggester, sync, sales, store: new FileSnapshotStore(path), clock });
  return { sales, index, suggester, sync, persistence };
}

const query = (over: Partial<SearchInput>) =>
  parseSearchQuery({ q: "", categoryId: "", language: "", sort: "", page: 0, size: 0, ...over });

describe("index snapshot file", () => {
  const dir = mkdtempSync(join(tmpdir(), "search-snapshot-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function catalog(): LogFeed {
    const feed = new LogFeed();
    const titles = ["深入理解计算机系统", "计算机网络", "活着", "Designing Data-Intensive Applications", "Clean Code", "三体", "重庆森林"];
    titles.forEach((title, i) =>
      feed.put({ id: String(100 + i), title, authors: [i % 2 ? "余华" : "Martin Kleppmann"], categoryId: String(1 + (i % 2)),
        isbn: `97871115449${String(i).padStart(2, "0")}`, description: `第${i}本 book about systems`, language: i < 3 ? "zh" : "en" }),
    );
    feed.put({ id: "103", deleted: true }); // a free slot in the image
    feed.put({ id: "200", title: "Gone Girl" });
    return feed;
  }

  const queries: Partial<SearchInput>[] = [
    { q: "计算机" }, { q: "計算機" }, { q: "jisuanji" }, { q: "余华" }, { q: "martin kleppmann" }, { q: "systems" },
    { q: "9787111544901" }, { q: "" }, { sort: "bestselling" }, { q: "book", sort: "price_asc", language: "zh" },
  ];

  it("restores an index that answers every search, suggestion and sale like the one saved", async () => {
    const path = join(dir, "roundtrip.snapshot");
    const feed = catalog();
    const saved = processParts(feed, path);
    await saved.sync.execute();
    saved.sales.recordOrder("order:1", [{ bookId: "101", quantity: 3 }], new FakeClock().now().getTime());
    saved.suggester.warm();
    expect(await saved.persistence.saveIfChanged()).toBe(true);
    expect(await saved.persistence.saveIfChanged()).toBe(false); // nothing changed since

    const loaded = processParts(feed, path);
    expect(await loaded.persistence.restore()).toMatchObject({ restored: true, books: saved.index.size });
    for (const q of queries) expect(loaded.index.search(query(q)), JSON.stringify(q)).toEqual(saved.index.search(query(q)));
    for (const prefix of ["jsj", "ji", "深入", "yu", "m"]) expect(loaded.suggester.suggest(prefix, 10)).toEqual(saved.suggester.suggest(prefix, 10));
    expect(loaded.sales.recentSales("101")).toBe(3);
    expect(loaded.sales.recordOrder("order:1", [{ bookId: "101", quantity: 3 }], 0)).toBe(false); // counted before the save
    expect(loaded.sync.position).toEqual(saved.sync.position);
  });

  it("catches up from the saved cursor, reading only what changed since, and keeps indexing correctly", async () => {
    const path = join(dir, "catch-up.snapshot");
    const feed = catalog();
    const first = processParts(feed, path);
    await first.sync.execute();
    await first.persistence.saveIfChanged();
    feed.put({ id: "101", title: "计算机网络（第8版）" });
    feed.put({ id: "300", title: "Programming Rust" });

    const next = processParts(feed, path);
    await next.persistence.restore();
    feed.reads = [];
    expect(await next.sync.execute()).toBe(2);
    expect(feed.reads[0]).toEqual(first.sync.position);
    const ids = (q: string) => next.index.search(query({ q })).hits.map((h) => h.bookId);
    expect(ids("第8版")).toEqual(["101"]);
    expect(ids("rust")).toEqual(["300"]);
    expect(ids("计算机").sort()).toEqual(["100", "101"]);
    next.index.remove("100");
    expect(ids("计算机")).toEqual(["101"]);
    expect(next.suggester.suggest("programming", 10)).toEqual(["Programming Rust"]);
  });

  it("ignores a snapshot of another format and refuses a damaged file", async () => {
    const path = join(dir, "old.snapshot");
    const parts = processParts(catalog(), path);
    await parts.sync.execute();
    const old: IndexSnapshot = { ...parts.persistence.take(), format: SNAPSHOT_FORMAT + 1 };
    await writeFile(path, await encodeSnapshot(old));
    expect(await processParts(catalog(), path).persistence.restore()).toEqual({ restored: false, reason: "format" });

    await parts.persistence.saveIfChanged();
    const bytes = await readFile(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 100));
    await expect(processParts(catalog(), path).persistence.restore()).rejects.toThrow(/cut short/);
    writeFileSync(path, "not a snapshot at all");
    await expect(processParts(catalog(), path).persistence.restore()).rejects.toThrow(/not a search index snapshot/);
    expect(await processParts(catalog(), join(dir, "missing.snapshot")).persistence.restore()).toEqual({ restored: false, reason: "none" });
  });
});
