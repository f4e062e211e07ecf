import type { Kysely } from "kysely";
import { isDuplicateKeyError, toId, toNumber, type SqlInt } from "@bookstore/platform/db";
import type { Book } from "../domain/book.js";
import type { BookChange, ChangeCursor } from "../domain/book-change.js";
import type { BookFilter, BookPage, BookRepository } from "../domain/book-repository.js";
import { isbnTaken } from "../domain/errors.js";
import { bookFromRow, bookToRow } from "./book-mapping.js";
import type { CatalogDb } from "./schema.js";

export class KyselyBookRepository implements BookRepository {
  constructor(private readonly db: Kysely<CatalogDb>) {}

  async byId(id: string): Promise<Book | undefined> {
    const row = await this.db.selectFrom("books").selectAll().where("id", "=", id).executeTakeFirst();
    return row && bookFromRow(row);
  }

  async byIds(ids: readonly string[]): Promise<Book[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom("books").selectAll().where("id", "in", [...ids]).execute();
    return rows.map(bookFromRow);
  }

  async liveByIsbn(isbn: string): Promise<Book | undefined> {
    const row = await this.db.selectFrom("books").selectAll().where("live_isbn", "=", isbn).executeTakeFirst();
    return row && bookFromRow(row);
  }

  async liveIdsByIsbn(isbns: readonly string[]): Promise<Map<string, string>> {
    if (isbns.length === 0) return new Map();
    const rows = await this.db.selectFrom("books").select(["id", "live_isbn"]).where("live_isbn", "in", [...isbns]).execute();
    const out = new Map<string, string>();
    for (const r of rows) if (r.live_isbn !== null) out.set(r.live_isbn, toId(r.id));
    return out;
  }

  async list(filter: BookFilter, page: { offset: number; limit: number }): Promise<BookPage> {
    let q = this.db.selectFrom("books").where("deleted", "=", 0);
    if (filter.categoryId !== undefined) q = q.where("category_id", "=", filter.categoryId);
    if (filter.language !== undefined) q = q.where("language", "=", filter.language);
    if (filter.isbn !== undefined) q = q.where("live_isbn", "=", filter.isbn);
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy("id", "desc").limit(page.limit).offset(page.offset).execute(),
      q.select((eb) => eb.fn.countAll<SqlInt>().as("n")).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(bookFromRow), total: toNumber(count.n) };
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom("books")
      .select((eb) => eb.fn.countAll<SqlInt>().as("n"))
      .executeTakeFirstOrThrow();
    return toNumber(row.n);
  }

  async insert(book: Book): Promise<void> {
    const changedAtMs = await this.nextStamp(book.updatedAtMs);
    try {
      await this.db
        .insertInto("books")
        .values({ ...bookToRow(book), changed_at_ms: changedAtMs })
        .execute();
    } catch (e) {
      if (isDuplicateKeyError(e)) throw isbnTaken(book.isbn);
      throw e;
    }
  }

  async update(book: Book): Promise<void> {
    const changedAtMs = await this.nextStamp(book.updatedAtMs);
    const { id: _id, created_at: _created, ...columns } = bookToRow(book);
    try {
      await this.db
        .updateTable("books")
        .set({ ...columns, changed_at_ms: changedAtMs })
        .where("id", "=", book.id)
        .execute();
    } catch (e) {
      if (isDuplicateKeyError(e)) throw isbnTaken(book.isbn);
      throw e;
    }
  }

  async touch(ids: readonly string[], nowMs: number): Promise<void> {
    if (ids.length === 0) return;
    const changedAtMs = await this.nextStamp(nowMs);
    await this.db.updateTable("books").set({ changed_at_ms: changedAtMs }).where("id", "in", [...ids]).execute();
  }

  async changesAfter(cursor: ChangeCursor, limit: number): Promise<BookChange[]> {
    const afterId = cursor.id === "" ? "0" : cursor.id;
    const rows = await this.db
      .selectFrom("books")
      .selectAll()
      .where((eb) =>
        eb.or([
          eb("changed_at_ms", ">", cursor.changedAtMs),
          eb.and([eb("changed_at_ms", "=", cursor.changedAtMs), eb("id", ">", afterId)]),
        ]),
      )
      .orderBy("changed_at_ms")
      .orderBy("id")
      .limit(limit)
      .execute();
    return rows.map((row) => ({ book: bookFromRow(row), changedAtMs: toNumber(row.changed_at_ms) }));
  }

  /**
   * The feed's stamp for a write now: wall-clock time, but always past every stamp already given out, so a
   * reader whose cursor sits on the newest change still sees a second change made in the same millisecond.
   * MAX over the (changed_at_ms, id) index is one index lookup.
   */
  private async nextStamp(nowMs: number): Promise<number> {
    const row = await this.db
      .selectFrom("books")
      .select((eb) => eb.fn.max<SqlInt | null>("changed_at_ms").as("latest"))
      .executeTakeFirst();
    const latest = row?.latest === null || row?.latest === undefined ? 0 : toNumber(row.latest);
    return Math.max(nowMs, latest + 1);
  }
}
