import { describe, expect, it } from "vitest";
import { Reason } from "@bookstore/platform/errors";
import { testDialects, useTestDatabase } from "@bookstore/platform/testing";
import { migrationsFor } from "./migrations.js";
import type { CatalogDb } from "./schema.js";
import { catalogFor, uniqueName } from "./test-fixtures.js";

describe.each(testDialects)("stock and reservations on %s", (dialect) => {
  const t = useTestDatabase<CatalogDb>(dialect, "catalog", migrationsFor);
  const catalog = () => catalogFor(t.db.db, t.db.dialect);
  const stockOf = async (bookId: string) => {
    const { available, reserved } = await catalog().getStock.execute({ bookId });
    return { available, reserved };
  };
  const key = () => uniqueName("order-");

  it("never oversells: 20 concurrent reservations of 1 on a stock of 10 → exactly 10 succeed", async () => {
    const c = catalog();
    const book = await c.bookWithStock(10);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => c.reserve.execute({ key: key(), lines: [{ bookId: book.id, quantity: 1 }] })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    const failures = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(failures).toHaveLength(10);
    for (const f of failures) expect(f).toMatchObject({ reason: Reason.OUT_OF_STOCK, details: { bookId: book.id, wanted: 1, available: 0 } });
    expect(await stockOf(book.id)).toEqual({ available: 0, reserved: 10 });
  });

  it("reserves all lines or none: one short line leaves every count as it was", async () => {
    const c = catalog();
    const [plenty, scarce] = [await c.bookWithStock(10), await c.bookWithStock(1)];
    const k = key();
    const lines = [
      { bookId: plenty.id, quantity: 3 },
      { bookId: scarce.id, quantity: 2 },
    ];
    await expect(c.reserve.execute({ key: k, lines })).rejects.toMatchObject({
      reason: Reason.OUT_OF_STOCK,
      details: { bookId: scarce.id, wanted: 2, available: 1 },
    });
    expect(await stockOf(plenty.id)).toEqual({ available: 10, reserved: 0 });
    expect(await stockOf(scarce.id)).toEqual({ available: 1, reserved: 0 });

    // Nothing was recorded under the key either: after a restock the same key reserves.
    await c.setStock.execute({ bookId: scarce.id, available: 5 });
    await c.reserve.execute({ key: k, lines });
    expect(await stockOf(plenty.id)).toEqual({ available: 7, reserved: 3 });
    expect(await stockOf(scarce.id)).toEqual({ available: 3, reserved: 2 });
  });

  it("reserves once per key, sequentially and concurrently", async () => {
    const c = catalog();
    const book = await c.bookWithStock(10);
    const k = key();
    await c.reserve.execute({ key: k, lines: [{ bookId: book.id, quantity: 2 }] });
    await c.reserve.execute({ key: k, lines: [{ bookId: book.id, quantity: 2 }] });
    expect(await stockOf(book.id)).toEqual({ available: 8, reserved: 2 });

    const again = key();
    await Promise.all(Array.from({ length: 5 }, () => c.reserve.execute({ key: again, lines: [{ bookId: book.id, quantity: 1 }] })));
    expect(await stockOf(book.id)).toEqual({ available: 7, reserved: 3 });
  });

  it("releases a reservation back to available once; unknown keys and repeats are no-ops", async () => {
    const c = catalog();
    const book = await c.bookWithStock(5);
    const k = key();
    await c.reserve.execute({ key: k, lines: [{ bookId: book.id, quantity: 4 }] });
    await Promise.all([c.release.execute({ key: k }), c.release.execute({ key: k })]);
    await c.release.execute({ key: k });
    await c.release.execute({ key: key() });
    expect(await stockOf(book.id)).toEqual({ available: 5, reserved: 0 });
    // A released key stays used: reserving with it again does nothing.
    await c.reserve.execute({ key: k, lines: [{ bookId: book.id, quantity: 1 }] });
    expect(await stockOf(book.id)).toEqual({ available: 5, reserved: 0 });
  });

  it("confirms a reservation as sold once; releasing it afterwards changes nothing", async () => {
    const c = catalog();
    const book = await c.bookWithStock(5);
    const k = key();
    await c.reserve.execute({ key: k, lines: [{ bookId: book.id, quantity: 2 }] });
    await Promise.all(Array.from({ length: 3 }, () => c.confirm.execute({ key: k })));
    await c.release.execute({ key: k });
    await c.confirm.execute({ key: key() });
    expect(await stockOf(book.id)).toEqual({ available: 3, reserved: 0 });
  });

  it("sets available, keeps reserved and bumps the version; counts outside 0..1,000,000 are refused", async () => {
    const c = catalog();
    const book = await c.bookWithStock(5);
    await c.reserve.execute({ key: key(), lines: [{ bookId: book.id, quantity: 2 }] });
    const before = await c.getStock.execute({ bookId: book.id });
    const after = await c.setStock.execute({ bookId: book.id, available: 40 });
    expect(after).toEqual({ bookId: book.id, available: 40, reserved: 2, version: before.version + 1 });
    for (const available of [-1, 1_000_001])
      await expect(c.setStock.execute({ bookId: book.id, available })).rejects.toMatchObject({ reason: Reason.VALIDATION_FAILED });
  });

  it("treats deleted and unknown books as not found for stock reads, counts and reservations", async () => {
    const c = catalog();
    const book = await c.bookWithStock(5);
    await c.deleteBook.execute({ id: book.id });
    const notFound = expect.objectContaining({ reason: Reason.NOT_FOUND });
    await expect(c.getStock.execute({ bookId: book.id })).rejects.toEqual(notFound);
    await expect(c.setStock.execute({ bookId: book.id, available: 1 })).rejects.toEqual(notFound);
    await expect(c.reserve.execute({ key: key(), lines: [{ bookId: book.id, quantity: 1 }] })).rejects.toEqual(notFound);
    await expect(c.reserve.execute({ key: key(), lines: [{ bookId: "424242", quantity: 1 }] })).rejects.toEqual(notFound);
  });
});
