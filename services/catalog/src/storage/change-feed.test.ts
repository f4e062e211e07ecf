import { describe, expect, it } from "vitest";
import { testDialects, useTestDatabase } from "@bookstore/platform/testing";
import type { ChangeCursor } from "../domain/book-change.js";
import { migrationsFor } from "./migrations.js";
import type { CatalogDb } from "./schema.js";
import { catalogFor, uniqueName } from "./test-fixtures.js";

describe.each(testDialects)("book change feed on %s", (dialect) => {
  const t = useTestDatabase<CatalogDb>(dialect, "catalog", migrationsFor);
  const catalog = () => catalogFor(t.db.db, t.db.dialect);

  /** Where the feed ends now: tests run against one database, so each starts reading from here. */
  async function tail(): Promise<ChangeCursor> {
    let cursor: ChangeCursor = { changedAtMs: 0, id: "" };
    for (;;) {
      const page = await catalog().changes.execute({ after: cursor, limit: 1_000 });
      if (page.books.length === 0) return cursor;
      cursor = page.next;
    }
  }
  const idsAfter = async (after: ChangeCursor, limit = 1_000) =>
    (await catalog().changes.execute({ after, limit })).books.map((b) => b.id);

  it("lists changes oldest first, strictly after the cursor, and pages through them without gaps or repeats", async () => {
    const c = catalog();
    const start = await tail();
    const made = [await c.bookWithStock(1), await c.bookWithStock(2), await c.bookWithStock(3)];
    expect(await idsAfter(start)).toEqual(made.map((b) => b.id));

    const seen: string[] = [];
    let cursor = start;
    for (;;) {
      const page = await c.changes.execute({ after: cursor, limit: 2 });
      if (page.books.length === 0) {
        expect(page.next).toEqual(cursor);
        break;
      }
      seen.push(...page.books.map((b) => b.id));
      cursor = page.next;
    }
    expect(seen).toEqual(made.map((b) => b.id));
  });

  it("moves a book to the end of the feed on every change, even two in one millisecond", async () => {
    const c = catalog();
    const [a, b] = [await c.bookWithStock(5), await c.bookWithStock(5)];
    const cursor = await tail();
    // The fake clock stands still: the stamps must still move past the cursor.
    await c.updateBook.execute({ id: a.id, patch: { title: uniqueName("Retitled ") } });
    expect(await idsAfter(cursor)).toEqual([a.id]);
    const afterFirst = await tail();
    await c.updateBook.execute({ id: a.id, patch: { priceCents: 1 } });
    await c.setStock.execute({ bookId: b.id, available: 9 });
    expect(await idsAfter(afterFirst)).toEqual([a.id, b.id]);
  });

  it("reports stock movements with the stock rows, and deletions with deleted=true", async () => {
    const c = catalog();
    const [sold, gone] = [await c.bookWithStock(5), await c.bookWithStock(5)];
    const cursor = await tail();
    await c.reserve.execute({ key: uniqueName("order-"), lines: [{ bookId: sold.id, quantity: 2 }] });
    await c.deleteBook.execute({ id: gone.id });
    const page = await c.changes.execute({ after: cursor, limit: 10 });
    expect(page.books.map((b) => [b.id, b.deleted])).toEqual([
      [sold.id, false],
      [gone.id, true],
    ]);
    expect(page.stocks).toEqual(
      expect.arrayContaining([expect.objectContaining({ bookId: sold.id, available: 3, reserved: 2 })]),
    );
  });

  it("refuses a page size above 1000", async () => {
    await expect(catalog().changes.execute({ after: { changedAtMs: 0, id: "" }, limit: 1_001 })).rejects.toMatchObject({
      reason: "VALIDATION_FAILED",
    });
  });
});
