import { describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import type { BookChange, CatalogFeed, ChangePage, FeedCursor } from "./catalog-feed.js";
import { SearchIndex } from "./search-index.js";
import { FEED_PAGE_SIZE, SyncIndex } from "./sync-index.js";

/** An in-memory change log standing in for the catalog at the port (the catalog's own suite tests the real feed). */
class FakeFeed implements CatalogFeed {
  private log: BookChange[] = [];
  private tick = 0;
  readonly names = new Map<string, string>();
  categoryReads = 0;
  pageCalls = 0;

  change(over: Partial<BookChange> & { id: string }): void {
    const previous = this.log.find((c) => c.id === over.id);
    const base: BookChange = previous ?? {
      id: over.id, isbn: "", title: "", authors: [], publisher: "", language: "en", categoryId: "1",
      priceCents: 100, description: "", createdAtMs: 1, deleted: false, available: 1,
    };
    this.log = this.log.filter((c) => c.id !== over.id);
    this.log.push({ ...base, ...over });
    this.changedAt.set(over.id, ++this.tick);
  }

  private readonly changedAt = new Map<string, number>();

  async changes(after: FeedCursor, limit: number): Promise<ChangePage> {
    this.pageCalls++;
    const newer = this.log.filter((c) => (this.changedAt.get(c.id) ?? 0) > after.changedAtMs).slice(0, limit);
    const last = newer.at(-1);
    return { changes: newer, next: last ? { changedAtMs: this.changedAt.get(last.id) ?? 0, id: last.id } : after };
  }

  async categoryNames(): Promise<ReadonlyMap<string, string>> {
    this.categoryReads++;
    return new Map(this.names);
  }
}

const search = (index: SearchIndex, q: string) =>
  index.search({ text: q, categoryId: undefined, minPriceCents: undefined, maxPriceCents: undefined, inStock: undefined,
    language: undefined, publisher: undefined, sort: "relevance", page: 1, size: 100 }).hits.map((h) => h.bookId);

describe("SyncIndex", () => {
  it("catches up in pages, then applies only what changed since", async () => {
    const feed = new FakeFeed();
    for (let i = 1; i <= FEED_PAGE_SIZE + 5; i++) feed.change({ id: String(i), title: `Book ${i}` });
    const index = new SearchIndex();
    const sync = new SyncIndex({ feed, index, clock: new FakeClock() });
    expect(await sync.execute()).toBe(FEED_PAGE_SIZE + 5);
    expect(feed.pageCalls).toBe(2);
    expect(index.size).toBe(FEED_PAGE_SIZE + 5);

    feed.change({ id: "7", title: "Renamed" });
    expect(await sync.execute()).toBe(1);
    expect(search(index, "renamed")).toEqual(["7"]);
    expect(await sync.execute()).toBe(0);
  });

  it("removes deleted books and follows stock into inStock", async () => {
    const feed = new FakeFeed();
    feed.change({ id: "1", title: "Gone soon" });
    feed.change({ id: "2", title: "Sold out", available: 0 });
    feed.change({ id: "3", title: "No stock row", available: undefined });
    const index = new SearchIndex();
    const sync = new SyncIndex({ feed, index, clock: new FakeClock() });
    await sync.execute();
    expect(index.get("2")?.inStock).toBe(false);
    expect(index.get("3")?.inStock).toBe(false);
    feed.change({ id: "1", deleted: true });
    feed.change({ id: "2", available: 4 });
    await sync.execute();
    expect(index.get("1")).toBeUndefined();
    expect(index.get("2")?.inStock).toBe(true);
  });

  it("learns category names, re-reading them at most every few seconds", async () => {
    const feed = new FakeFeed();
    const clock = new FakeClock();
    feed.names.set("1", "Computer Science");
    feed.change({ id: "1", title: "SICP", categoryId: "1" });
    const index = new SearchIndex();
    const sync = new SyncIndex({ feed, index, clock });
    await sync.execute();
    expect(search(index, "computer")).toEqual(["1"]);

    feed.change({ id: "2", title: "Poems", categoryId: "9" });
    await sync.execute();
    feed.change({ id: "3", title: "More poems", categoryId: "9" });
    await sync.execute();
    expect(feed.categoryReads).toBe(1); // unknown category 9, but read less than 5 s ago

    feed.names.set("9", "Poetry");
    clock.advance(6_000);
    feed.change({ id: "4", title: "Even more poems", categoryId: "9" });
    await sync.execute();
    expect(search(index, "poetry").sort()).toEqual(["2", "3", "4"]);
  });

  it("keeps its place when a page fails, and repeats it next time", async () => {
    const feed = new FakeFeed();
    feed.change({ id: "1", title: "First" });
    const index = new SearchIndex();
    const sync = new SyncIndex({ feed, index, clock: new FakeClock() });
    await sync.execute();
    const before = sync.position;
    const failing: CatalogFeed = { changes: () => Promise.reject(new Error("down")), categoryNames: () => feed.categoryNames() };
    await expect(new SyncIndex({ feed: failing, index, clock: new FakeClock() }).execute()).rejects.toThrow("down");
    expect(sync.position).toEqual(before);
  });
});
