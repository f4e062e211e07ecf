import { describe, expect, it } from "vitest";
import { Reason } from "@bookstore/platform/errors";
import { testDialects, useTestDatabase } from "@bookstore/platform/testing";
import { softDelete } from "../domain/book.js";
import { KyselyBookRepository } from "./kysely-book-repository.js";
import { KyselyCategoryRepository } from "./kysely-category-repository.js";
import { migrationsFor } from "./migrations.js";
import type { CatalogDb } from "./schema.js";
import { aBook, aCategory } from "./test-fixtures.js";

describe.each(testDialects)("book repository on %s", (dialect) => {
  const t = useTestDatabase<CatalogDb>(dialect, "catalog", migrationsFor);
  const books = () => new KyselyBookRepository(t.db.db);
  const conflict = expect.objectContaining({ reason: Reason.CONFLICT });
  const shelf = async () => {
    const c = aCategory();
    await new KyselyCategoryRepository(t.db.db).insert(c);
    return c.id;
  };

  it("stores a book and reads it back by id, by ids and by ISBN, authors and all", async () => {
    const book = aBook(await shelf(), { authors: ["刘慈欣", "Ken Liu"], publishedAt: null, description: "描述" });
    await books().insert(book);
    expect(await books().byId(book.id)).toEqual(book);
    expect(await books().byIds([book.id, "1"])).toEqual([book]);
    expect(await books().liveByIsbn(book.isbn)).toEqual(book);
    expect(await books().byId("1")).toBeUndefined();
  });

  it("keeps live ISBNs unique, and a deleted book frees its ISBN", async () => {
    const categoryId = await shelf();
    const first = aBook(categoryId);
    await books().insert(first);
    await expect(books().insert(aBook(categoryId, { isbn: first.isbn }))).rejects.toEqual(conflict);

    await books().update(softDelete(first, first.updatedAtMs + 1));
    expect(await books().liveByIsbn(first.isbn)).toBeUndefined();
    expect(await books().byId(first.id)).toMatchObject({ deleted: true, isbn: first.isbn });
    const second = aBook(categoryId, { isbn: first.isbn });
    await books().insert(second);
    expect(await books().liveByIsbn(first.isbn)).toEqual(second);
  });

  it("refuses an update onto another live book's ISBN", async () => {
    const categoryId = await shelf();
    const [a, b] = [aBook(categoryId), aBook(categoryId)];
    await books().insert(a);
    await books().insert(b);
    await expect(books().update({ ...b, isbn: a.isbn })).rejects.toEqual(conflict);
    await books().update({ ...b, title: "Renamed", priceCents: 1 });
    expect(await books().byId(b.id)).toMatchObject({ title: "Renamed", priceCents: 1 });
  });

  it("lists live books newest first with the total, filtered by category, language and ISBN; deleted ones are hidden", async () => {
    const categoryId = await shelf();
    const made = [aBook(categoryId, { language: "zh" }), aBook(categoryId), aBook(categoryId, { language: "zh" })];
    for (const b of made) await books().insert(b);
    const [oldest, middle, newest] = made as [typeof made[0], typeof made[0], typeof made[0]];
    await books().update(softDelete(middle, 2));

    const all = await books().list({ categoryId }, { offset: 0, limit: 10 });
    expect(all).toEqual({ items: [newest, oldest], total: 2 });
    const firstPage = await books().list({ categoryId }, { offset: 0, limit: 1 });
    expect(firstPage).toEqual({ items: [newest], total: 2 });
    expect((await books().list({ categoryId, language: "en" }, { offset: 0, limit: 10 })).total).toBe(0);
    expect((await books().list({ isbn: oldest.isbn }, { offset: 0, limit: 10 })).items).toEqual([oldest]);
    expect((await books().list({ isbn: middle.isbn }, { offset: 0, limit: 10 })).items).toEqual([]);
    const total = await books().count();
    expect(total).toBeGreaterThanOrEqual(3);
  });
});
