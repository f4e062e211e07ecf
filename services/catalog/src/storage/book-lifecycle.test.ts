import { describe, expect, it } from "vitest";
import { Reason } from "@bookstore/platform/errors";
import { testDialects, useTestDatabase } from "@bookstore/platform/testing";
import { BatchGetBooks } from "../domain/batch-get-books.js";
import { GetBook } from "../domain/get-book.js";
import { ListBooks } from "../domain/list-books.js";
import { migrationsFor } from "./migrations.js";
import type { CatalogDb } from "./schema.js";
import { catalogFor, someFields, uniqueName } from "./test-fixtures.js";

describe.each(testDialects)("book lifecycle on %s", (dialect) => {
  const t = useTestDatabase<CatalogDb>(dialect, "catalog", migrationsFor);
  const catalog = () => {
    const c = catalogFor(t.db.db, t.db.dialect);
    return { ...c, get: new GetBook(c), list: new ListBooks(c), batch: new BatchGetBooks(c) };
  };
  const shelf = async () => (await catalog().createCategory.execute({ name: uniqueName(), parentId: null })).id;

  it("creates a book with its stock row, normalizing the ISBN", async () => {
    const c = catalog();
    const fields = someFields(await shelf());
    const hyphenated = `${fields.isbn.slice(0, 3)}-${fields.isbn.slice(3, 7)}-${fields.isbn.slice(7)}`;
    const book = await c.createBook.execute({ ...fields, isbn: hyphenated, stock: 12 });
    expect(book.isbn).toBe(fields.isbn);
    expect(await c.get.execute({ id: book.id })).toEqual(book);
    expect(await c.getStock.execute({ bookId: book.id })).toMatchObject({ available: 12, reserved: 0 });
  });

  it("refuses an unknown category (VALIDATION_FAILED) and a live duplicate ISBN (CONFLICT)", async () => {
    const c = catalog();
    await expect(c.createBook.execute({ ...someFields("777"), stock: 0 })).rejects.toMatchObject({
      reason: Reason.VALIDATION_FAILED,
      details: { field: "categoryId" },
    });
    const categoryId = await shelf();
    const first = await c.createBook.execute({ ...someFields(categoryId), stock: 0 });
    await expect(c.createBook.execute({ ...someFields(categoryId, { isbn: first.isbn }), stock: 0 })).rejects.toMatchObject({
      reason: Reason.CONFLICT,
    });
    const other = await c.createBook.execute({ ...someFields(categoryId), stock: 0 });
    await expect(c.updateBook.execute({ id: other.id, patch: { isbn: first.isbn } })).rejects.toMatchObject({
      reason: Reason.CONFLICT,
    });
    await expect(c.updateBook.execute({ id: other.id, patch: { categoryId: "777" } })).rejects.toMatchObject({
      reason: Reason.VALIDATION_FAILED,
    });
  });

  it("hides a deleted book from get, batch get and lists, refuses to change it, and frees its ISBN", async () => {
    const c = catalog();
    const categoryId = await shelf();
    const book = await c.createBook.execute({ ...someFields(categoryId), stock: 3 });
    const kept = await c.createBook.execute({ ...someFields(categoryId), stock: 3 });
    await c.deleteBook.execute({ id: book.id });

    const notFound = expect.objectContaining({ reason: Reason.NOT_FOUND });
    await expect(c.get.execute({ id: book.id })).rejects.toEqual(notFound);
    await expect(c.updateBook.execute({ id: book.id, patch: { title: "x" } })).rejects.toEqual(notFound);
    await expect(c.deleteBook.execute({ id: book.id })).rejects.toEqual(notFound);
    expect((await c.batch.execute({ ids: [book.id, kept.id, book.id] })).map((b) => b.id)).toEqual([kept.id]);
    expect(await c.list.execute({ page: 1, size: 10, categoryId, language: "", isbn: "" })).toEqual({ items: [kept], total: 1 });

    const again = await c.createBook.execute({ ...someFields(categoryId, { isbn: book.isbn }), stock: 0 });
    expect(again.id).not.toBe(book.id);
  });
});
