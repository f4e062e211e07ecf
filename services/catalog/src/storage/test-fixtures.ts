import { randomInt } from "node:crypto";
import type { Kysely } from "kysely";
import type { SqlDialect } from "@bookstore/platform/db";
import { FakeClock } from "@bookstore/platform/clock";
import { Snowflake } from "@bookstore/platform/ids";
import { newBook, type Book, type BookFields } from "../domain/book.js";
import type { Category } from "../domain/category.js";
import { ConfirmStock } from "../domain/confirm-stock.js";
import { CreateBook } from "../domain/create-book.js";
import { CreateCategory } from "../domain/create-category.js";
import { DeleteBook } from "../domain/delete-book.js";
import { GetStock } from "../domain/get-stock.js";
import { ListBookChanges } from "../domain/list-book-changes.js";
import { ReleaseStock } from "../domain/release-stock.js";
import { ReserveStock } from "../domain/reserve-stock.js";
import { SetStock } from "../domain/set-stock.js";
import { UpdateBook } from "../domain/update-book.js";
import { KyselyCatalogStore } from "./kysely-catalog-store.js";
import type { CatalogDb } from "./schema.js";

/** Rows for repository tests: every call makes fresh ids, names and ISBNs, so tests never share data. */
export const testIds = new Snowflake(1023);

let counter = 0;
export const uniqueName = (prefix = "c"): string => `${prefix}${process.pid}_${++counter}_${randomInt(1_000_000)}`;

/** A valid ISBN-13 nobody else uses: 979 prefix, random body, computed check digit. */
export function uniqueIsbn(): string {
  const body = `979${String(randomInt(0, 1_000_000_000)).padStart(9, "0")}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return body + String((10 - (sum % 10)) % 10);
}

export function someFields(categoryId: string, overrides: Partial<BookFields> = {}): BookFields {
  return {
    isbn: uniqueIsbn(),
    title: uniqueName("Title "),
    authors: ["Test Author"],
    publisher: "Test Press",
    language: "en",
    categoryId,
    priceCents: 4_200,
    currency: "CNY",
    description: "",
    coverUrl: "",
    publishedAt: "2020-01-01",
    ...overrides,
  };
}

export const aBook = (categoryId: string, overrides: Partial<BookFields> = {}, nowMs = 1_700_000_000_000): Book =>
  newBook(testIds.next(), someFields(categoryId, overrides), nowMs);

export const aCategory = (overrides: Partial<Category> = {}): Category => ({
  id: testIds.next(),
  name: uniqueName("Shelf "),
  parentId: null,
  createdAtMs: 1_000,
  ...overrides,
});

/** The store and the use cases the repository suites drive, wired as main.ts wires them (clock aside). */
export function catalogFor(db: Kysely<CatalogDb>, dialect: SqlDialect) {
  const store = new KyselyCatalogStore(db, dialect, { ids: testIds });
  const clock = new FakeClock();
  const ids = testIds;
  return {
    store,
    clock,
    createBook: new CreateBook({ store, clock, ids }),
    updateBook: new UpdateBook({ store, clock }),
    deleteBook: new DeleteBook({ store, clock }),
    createCategory: new CreateCategory({ store, clock, ids }),
    getStock: new GetStock({ store }),
    setStock: new SetStock({ store, clock }),
    reserve: new ReserveStock({ store, clock }),
    release: new ReleaseStock({ store, clock }),
    confirm: new ConfirmStock({ store, clock }),
    changes: new ListBookChanges({ store }),
    /** A fresh category and a book in it with `stock` available. */
    async bookWithStock(stock: number, overrides: Partial<BookFields> = {}): Promise<Book> {
      const category = await this.createCategory.execute({ name: uniqueName("Shelf "), parentId: null });
      return this.createBook.execute({ ...someFields(category.id, overrides), stock });
    },
  };
}
