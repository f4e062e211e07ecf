import { describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import { createLogger } from "@bookstore/platform/logger";
import { Registry } from "@bookstore/platform/metrics";
import { eventually, testDialects, useTestDatabase } from "@bookstore/platform/testing";
import { ApplyListings } from "../domain/apply-listings.js";
import type { ChangeCursor } from "../domain/book-change.js";
import { LISTING_FAILURES, queuedTask, type ListingTask } from "../domain/listing.js";
import { ListingEngine, STALE_AFTER_TIMEOUT_MS, type ListingEngineDeps } from "../jobs/listing-engine.js";
import { KyselyBookRepository } from "./kysely-book-repository.js";
import { KyselyListingTaskRepository } from "./kysely-listing-task-repository.js";
import { migrationsFor } from "./migrations.js";
import type { CatalogDb } from "./schema.js";
import { aBook, catalogFor, testIds, uniqueIsbn } from "./test-fixtures.js";

const listingConfig = {
  high: { capacity: 100, workers: 3 },
  normal: { capacity: 500, workers: 8 },
  taskTimeoutMs: 3_000,
  batchSize: 100,
  maxItemsPerRequest: 100,
  retryAfterSeconds: 1,
  sweepIntervalMs: 60_000,
  retentionHours: 24,
};

describe.each(testDialects)("listing storage on %s", (dialect) => {
  const t = useTestDatabase<CatalogDb>(dialect, "catalog", migrationsFor);
  const catalog = () => catalogFor(t.db.db, t.db.dialect);
  const repo = () => new KyselyListingTaskRepository(t.db.db, t.db.dialect);
  const aTask = (overrides: Partial<ListingTask> = {}): ListingTask => ({
    ...queuedTask(testIds.next(), { isbn: uniqueIsbn(), stock: 3, priority: "high" }, 1_700_000_000_000),
    ...overrides,
  });

  it("stores task records in batches, overwrites them by task id, and reads them back", async () => {
    const tasks = Array.from({ length: 700 }, () => aTask());
    await repo().saveAll(tasks);
    expect(await repo().byId(tasks[0]?.taskId ?? "")).toEqual(tasks[0]);
    const first = tasks[0] as ListingTask;
    const failed: ListingTask = { ...first, status: "failed", reason: LISTING_FAILURES.unknownBook, finishedAtMs: first.enqueuedAtMs + 5 };
    const done: ListingTask = { ...(tasks[699] as ListingTask), status: "done", finishedAtMs: 1_700_000_000_100 };
    await repo().saveAll([failed, done]);
    expect(await repo().byId(first.taskId)).toEqual(failed);
    expect(await repo().byId(done.taskId)).toEqual(done);
    expect(await repo().byId("1")).toBeUndefined();
  });

  it("fails only unfinished records older than the cutoff, and deletes only finished ones older than retention", async () => {
    const base = 1_800_000_000_000;
    const oldQueued = aTask({ enqueuedAtMs: base - 100 });
    const oldRunning = aTask({ enqueuedAtMs: base - 100, status: "running" });
    const oldDone = aTask({ enqueuedAtMs: base - 100, status: "done", finishedAtMs: base - 50 });
    const fresh = aTask({ enqueuedAtMs: base + 100 });
    await repo().saveAll([oldQueued, oldRunning, oldDone, fresh]);
    expect(await repo().failUnfinished(base, "interrupted", base + 1_000)).toBeGreaterThanOrEqual(2);
    expect(await repo().byId(oldQueued.taskId)).toMatchObject({ status: "failed", reason: "interrupted", finishedAtMs: base + 1_000 });
    expect(await repo().byId(oldRunning.taskId)).toMatchObject({ status: "failed" });
    expect(await repo().byId(oldDone.taskId)).toEqual(oldDone);
    expect(await repo().byId(fresh.taskId)).toEqual(fresh);

    await repo().deleteFinished(base);
    expect(await repo().byId(oldDone.taskId)).toBeUndefined();
    expect(await repo().byId(oldQueued.taskId)).toBeDefined(); // finished at base + 1000: kept
  });

  it("applies many listings in one batch: counts set by ISBN, unknown ones failed, the later of two writes wins", async () => {
    const c = catalog();
    const [a, b] = [await c.bookWithStock(1), await c.bookWithStock(2)];
    await c.reserve.execute({ key: `k${a.id}`, lines: [{ bookId: a.id, quantity: 1 }] });
    const before = await c.getStock.execute({ bookId: a.id });
    const unknown = uniqueIsbn();
    const apply = new ApplyListings({ store: c.store, clock: c.clock });
    const outcomes = await apply.execute([
      { isbn: a.isbn, stock: 10 },
      { isbn: unknown, stock: 4 },
      { isbn: b.isbn, stock: 7 },
      { isbn: a.isbn, stock: 12 },
    ]);
    expect(outcomes).toEqual([{ bookId: a.id }, { reason: LISTING_FAILURES.unknownBook }, { bookId: b.id }, { bookId: a.id }]);
    // Reserved units stay reserved; the count sets what is sellable now.
    expect(await c.getStock.execute({ bookId: a.id })).toEqual({ bookId: a.id, available: 12, reserved: 1, version: before.version + 1 });
    expect(await c.getStock.execute({ bookId: b.id })).toMatchObject({ available: 7, reserved: 0 });
  });

  it("moves listed books to the end of the change feed, so the search index sees the new counts", async () => {
    const c = catalog();
    const book = await c.bookWithStock(1);
    let cursor: ChangeCursor = { changedAtMs: 0, id: "" };
    for (let page = await c.changes.execute({ after: cursor, limit: 1_000 }); page.books.length > 0; page = await c.changes.execute({ after: cursor, limit: 1_000 }))
      cursor = page.next;
    await new ApplyListings({ store: c.store, clock: c.clock }).execute([{ isbn: book.isbn, stock: 30 }]);
    const page = await c.changes.execute({ after: cursor, limit: 1_000 });
    expect(page.books.map((x) => x.id)).toEqual([book.id]);
    expect(page.stocks).toEqual([expect.objectContaining({ bookId: book.id, available: 30 })]);
  });

  it("creates the stock row of a book that has none", async () => {
    const c = catalog();
    const shelf = await c.createCategory.execute({ name: `Shelf ${testIds.next()}`, parentId: null });
    const bare = aBook(shelf.id);
    await new KyselyBookRepository(t.db.db).insert(bare);
    expect(await c.store.stock.byBookId(bare.id)).toBeUndefined();
    await new ApplyListings({ store: c.store, clock: c.clock }).execute([{ isbn: bare.isbn, stock: 9 }]);
    expect(await c.store.stock.byBookId(bare.id)).toEqual({ bookId: bare.id, available: 9, reserved: 0, version: 1 });
  });

  function engineOn(clock: FakeClock, apply: ListingEngineDeps["apply"]) {
    return new ListingEngine({
      config: listingConfig,
      apply,
      tasks: repo(),
      publishListed: () => Promise.resolve(),
      clock,
      logger: createLogger({ level: "silent", name: "test" }),
      registry: new Registry(),
    });
  }

  it("runs submitted listings to done against the database and records each outcome", async () => {
    const c = catalog();
    const books = await Promise.all(Array.from({ length: 20 }, (_, i) => c.bookWithStock(i)));
    const engine = engineOn(c.clock, new ApplyListings({ store: c.store, clock: c.clock }));
    const tasks = books.map((b, i) => queuedTask(testIds.next(), { isbn: b.isbn, stock: 100 + i, priority: i % 2 ? "high" : "normal" }, c.clock.now().getTime()));
    const missing = queuedTask(testIds.next(), { isbn: uniqueIsbn(), stock: 1, priority: "normal" }, c.clock.now().getTime());
    expect(await engine.offer([...tasks, missing])).toBeUndefined();
    await engine.close(); // drains the queues and the journal
    for (const [i, task] of tasks.entries()) {
      expect(await repo().byId(task.taskId)).toMatchObject({ status: "done", finishedAtMs: expect.any(Number) });
      expect(await c.getStock.execute({ bookId: books[i]?.id ?? "" })).toMatchObject({ available: 100 + i });
    }
    expect(await repo().byId(missing.taskId)).toMatchObject({ status: "failed", reason: LISTING_FAILURES.unknownBook });
  });

  it("loses no accepted task across a crash: a restarted engine fails what the dead one left as 'interrupted'", async () => {
    const c = catalog();
    const book = await c.bookWithStock(1);
    const clock = new FakeClock(new Date(2_000_000_000_000));
    let unblock: (e: Error) => void = () => undefined;
    const hung = { execute: () => new Promise<never>((_, reject) => (unblock = reject)) }; // the process dies mid-write
    const dead = engineOn(clock, hung);
    const tasks = [0, 1, 2, 3].map(() => queuedTask(testIds.next(), { isbn: book.isbn, stock: 5, priority: "normal" }, clock.now().getTime()));
    expect(await dead.offer(tasks)).toBeUndefined();
    await eventually(async () => expect((await repo().byId(tasks[3]?.taskId ?? ""))?.status).toBe("queued"));

    clock.advance(listingConfig.taskTimeoutMs + STALE_AFTER_TIMEOUT_MS + 1);
    const restarted = engineOn(clock, new ApplyListings({ store: c.store, clock }));
    await restarted.start();
    await restarted.close();
    for (const task of tasks)
      expect(await repo().byId(task.taskId)).toMatchObject({ status: "failed", reason: LISTING_FAILURES.interrupted });
    unblock(new Error("the dead process's write never lands")); // only so this test leaves nothing running
    await dead.close();
  });
});
