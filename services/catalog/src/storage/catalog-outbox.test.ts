import { describe, expect, it } from "vitest";
import { Reason } from "@bookstore/platform/errors";
import { InProcessEventStream, OutboxRelay, unpublishedCount } from "@bookstore/platform/outbox";
import { createLogger } from "@bookstore/platform/logger";
import { testDialects, useTestDatabase } from "@bookstore/platform/testing";
import { ApplyListings } from "../domain/apply-listings.js";
import { BatchGetBooks } from "../domain/batch-get-books.js";
import { BatchGetStock } from "../domain/batch-get-stock.js";
import { GetBook } from "../domain/get-book.js";
import { ListBooks } from "../domain/list-books.js";
import { UpdateBook } from "../domain/update-book.js";
import { KyselyCatalogStore } from "./kysely-catalog-store.js";
import { migrationsFor } from "./migrations.js";
import type { CatalogDb } from "./schema.js";
import { catalogFor, testIds, uniqueName } from "./test-fixtures.js";

const logger = createLogger({ level: "silent", name: "catalog-outbox-test" });

describe.each(testDialects)("catalog outbox on %s", (dialect) => {
  const t = useTestDatabase<CatalogDb>(dialect, "catalog", migrationsFor);
  const catalog = () => catalogFor(t.db.db, t.db.dialect);
  /** Events about one book (its aggregate key), oldest first, as [topic, payload]. */
  const eventsOf = async (bookId: string) => {
    const rows = await t.db.db.selectFrom("outbox_events").selectAll().where("event_key", "=", bookId).orderBy("id").execute();
    return rows.map((r) => [r.topic, JSON.parse(r.payload)] as const);
  };

  it("writes book and stock events with each committed change, and none for a change that rolled back", async () => {
    const c = catalog();
    const book = await c.bookWithStock(5);
    expect(await eventsOf(book.id)).toEqual([
      ["book.updated", { bookId: book.id }],
      ["stock.changed", { bookId: book.id, available: 5, reserved: 0 }],
    ]);

    // Rolled back: an ISBN another live book holds; a reservation beyond the stock; a second book in the same key.
    const other = await c.bookWithStock(1);
    await expect(c.updateBook.execute({ id: book.id, patch: { isbn: other.isbn } })).rejects.toMatchObject({ reason: Reason.CONFLICT });
    await expect(c.reserve.execute({ key: uniqueName("o-"), lines: [{ bookId: book.id, quantity: 9 }] })).rejects.toMatchObject({
      reason: Reason.OUT_OF_STOCK,
    });
    await expect(
      c.reserve.execute({ key: uniqueName("o-"), lines: [{ bookId: book.id, quantity: 1 }, { bookId: other.id, quantity: 2 }] }),
    ).rejects.toMatchObject({ reason: Reason.OUT_OF_STOCK });
    expect(await eventsOf(book.id)).toHaveLength(2);

    await c.updateBook.execute({ id: book.id, patch: { title: "A new title" } });
    await c.setStock.execute({ bookId: book.id, available: 8 });
    const key = uniqueName("o-");
    await c.reserve.execute({ key, lines: [{ bookId: book.id, quantity: 3 }] });
    await c.reserve.execute({ key, lines: [{ bookId: book.id, quantity: 3 }] }); // idempotent: no second event
    await c.confirm.execute({ key });
    const key2 = uniqueName("o-");
    await c.reserve.execute({ key: key2, lines: [{ bookId: book.id, quantity: 2 }] });
    await c.release.execute({ key: key2 });
    await c.release.execute({ key: key2 }); // settled already: nothing changes, nothing is announced
    await c.deleteBook.execute({ id: book.id });
    expect((await eventsOf(book.id)).slice(2)).toEqual([
      ["book.updated", { bookId: book.id }],
      ["stock.changed", { bookId: book.id, available: 8, reserved: 0 }],
      ["stock.changed", { bookId: book.id, available: 5, reserved: 3 }],
      ["stock.changed", { bookId: book.id, available: 5, reserved: 0 }],
      ["stock.changed", { bookId: book.id, available: 3, reserved: 2 }],
      ["stock.changed", { bookId: book.id, available: 5, reserved: 0 }],
      ["book.deleted", { bookId: book.id }],
    ]);
  });

  it("announces a listing batch once (book.listed) with each book's resulting stock", async () => {
    const c = catalog();
    const [a, b] = [await c.bookWithStock(1), await c.bookWithStock(2)];
    await c.reserve.execute({ key: uniqueName("o-"), lines: [{ bookId: b.id, quantity: 1 }] });
    const outcomes = await new ApplyListings({ store: c.store, clock: c.clock }).execute([
      { isbn: a.isbn, stock: 10 },
      { isbn: b.isbn, stock: 20 },
      { isbn: "9780000000002", stock: 1 },
    ]);
    expect(outcomes.filter((o) => "bookId" in o)).toHaveLength(2);
    const listed = await t.db.db.selectFrom("outbox_events").selectAll().where("topic", "=", "book.listed").orderBy("id", "desc").limit(1).execute();
    expect(JSON.parse(listed[0]!.payload).bookIds.sort()).toEqual([a.id, b.id].sort());
    expect((await eventsOf(a.id)).at(-1)).toEqual(["stock.changed", { bookId: a.id, available: 10, reserved: 0 }]);
    expect((await eventsOf(b.id)).at(-1)).toEqual(["stock.changed", { bookId: b.id, available: 20, reserved: 1 }]);
  });

  it("kicks the relay after a commit that wrote events, which delivers them to the stream", async () => {
    const db = t.db.db;
    const stream = new InProcessEventStream(logger);
    const seen: string[] = [];
    stream.consume("book.updated", "test", async (e) => void seen.push(JSON.parse(e.payload).bookId));
    const relay = new OutboxRelay(db, stream, { service: "catalog", batchSize: 50, intervalMs: 60_000 }, logger);
    let kicks = 0;
    const store = new KyselyCatalogStore(db, t.db.dialect, { ids: testIds, onEvents: () => void kicks++ });
    const c = catalogFor(db, t.db.dialect);
    const book = await c.bookWithStock(1);
    await relay.kick(); // drains everything so far (other tests' rows included)
    expect(seen).toContain(book.id);
    await store.transaction(async ({ categories }) => void (await categories.list()));
    expect(kicks).toBe(0); // nothing written, nothing to relay
    await new UpdateBook({ store, clock: c.clock }).execute({ id: book.id, patch: { title: "kicked" } });
    expect(kicks).toBe(1);
    expect(await unpublishedCount(db)).toBe(1);
    await relay.kick();
    expect(seen.filter((id) => id === book.id)).toHaveLength(2);
    expect(await unpublishedCount(db)).toBe(0);
    await relay.close();
  });

  it("never shows a soft-deleted book on the replica read path", async () => {
    const c = catalog();
    let replicaReads = 0;
    // A stand-in for the replica router (same database), counted: the reads below go through `reader`.
    const store = new KyselyCatalogStore(t.db.db, t.db.dialect, {
      ids: testIds,
      reader: () => {
        replicaReads++;
        return t.db.db;
      },
    });
    const book = await c.bookWithStock(3);
    await c.deleteBook.execute({ id: book.id });
    await expect(new GetBook({ store }).execute({ id: book.id })).rejects.toMatchObject({ reason: Reason.NOT_FOUND });
    expect(await new BatchGetBooks({ store }).execute({ ids: [book.id] })).toEqual([]);
    expect(await new BatchGetStock({ store }).execute({ bookIds: [book.id] })).toEqual([]);
    const page = await new ListBooks({ store }).execute({ page: 1, size: 100, categoryId: book.categoryId, language: "", isbn: "" });
    expect(page.items.map((b) => b.id)).not.toContain(book.id);
    expect(page.total).toBe(0);
    expect(replicaReads).toBeGreaterThanOrEqual(4);
  });
});
