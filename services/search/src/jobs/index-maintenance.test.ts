import { describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import { createLogger } from "@bookstore/platform/logger";
import type { BookChange, CatalogFeed, ChangePage, FeedCursor } from "../domain/catalog-feed.js";
import { HotQueries } from "../domain/hot-queries.js";
import { IndexPersistence, type IndexSnapshot, type SnapshotStore } from "../domain/index-snapshot.js";
import { SalesTally } from "../domain/sales-tally.js";
import { SearchIndex } from "../domain/search-index.js";
import { Suggester } from "../domain/suggester.js";
import { SyncIndex } from "../domain/sync-index.js";
import { IndexMaintenance } from "./index-maintenance.js";

const logger = createLogger({ level: "silent", name: "maintenance-test" });

class ListFeed implements CatalogFeed {
  readonly log: BookChange[] = [];
  add(id: string, title: string): void {
    this.log.push({
      id, isbn: "", title, authors: ["谢希仁"], publisher: "", language: "zh", categoryId: "1", priceCents: 100, description: "",
      createdAtMs: 1, deleted: false, available: 1,
    });
  }
  async changes(after: FeedCursor, limit: number): Promise<ChangePage> {
    const page = this.log.slice(after.changedAtMs, after.changedAtMs + limit);
    return { changes: page, next: { changedAtMs: after.changedAtMs + page.length, id: page.at(-1)?.id ?? after.id } };
  }
  async categoryNames(): Promise<ReadonlyMap<string, string>> {
    return new Map();
  }
}

/** Snapshots kept in memory: the file store has its own suite. */
class MemoryStore implements SnapshotStore {
  saved: IndexSnapshot[] = [];
  async load(): Promise<IndexSnapshot | undefined> {
    return this.saved.at(-1);
  }
  async save(snapshot: IndexSnapshot): Promise<void> {
    this.saved.push(snapshot);
  }
}

function setup(feed: CatalogFeed, store: MemoryStore) {
  const clock = new FakeClock();
  const sales = new SalesTally(clock);
  const index = new SearchIndex({ sales });
  const suggester = new Suggester(index, new HotQueries(clock));
  const sync = new SyncIndex({ feed, index, clock });
  const persistence = new IndexPersistence({ index, suggester, sync, sales, store, clock });
  const maintenance = new IndexMaintenance({ sync, suggester, persistence }, { snapshotIntervalMs: 60_000, logger, onApplied: () => undefined });
  return { index, suggester, maintenance };
}

describe("IndexMaintenance", () => {
  it("warms suggest after the first catch-up, and saves a snapshot after a first full build, then only on change", async () => {
    const feed = new ListFeed();
    feed.add("1", "计算机网络");
    feed.add("2", "计算机程序的构造和解释");
    const store = new MemoryStore();
    const first = setup(feed, store);
    expect(await first.maintenance.restore()).toEqual({ restored: false, reason: "none" });
    expect(first.suggester.warmed).toBe(false);
    await first.maintenance.poll();
    expect(first.suggester.warmed).toBe(true); // before any suggest request
    expect(store.saved).toHaveLength(1);
    await first.maintenance.poll();
    await first.maintenance.close();
    expect(store.saved).toHaveLength(1); // nothing changed since

    feed.add("3", "计算机组成与设计");
    const second = setup(feed, store);
    expect(await second.maintenance.restore()).toMatchObject({ restored: true, books: 2 });
    await second.maintenance.poll();
    expect(second.index.size).toBe(3);
    expect(second.suggester.warmed).toBe(true);
    expect(store.saved).toHaveLength(1); // restored, so no first-build save
    expect(second.suggester.suggest("jsj", 10).sort()).toEqual(["计算机程序的构造和解释", "计算机组成与设计", "计算机网络"]);
    await second.maintenance.close();
    expect(store.saved).toHaveLength(2); // a change since the restore is saved at close
  });
});
