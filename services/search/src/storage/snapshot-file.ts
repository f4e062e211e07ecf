import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import type { IdsByKeyImage } from "../domain/ids-by-key.js";
import type { IndexSnapshot, SnapshotStore } from "../domain/index-snapshot.js";
import type { IndexedBook } from "../domain/indexed-book.js";
import { SectionReader, SectionWriter } from "./snapshot-sections.js";

/**
 * Book ids outside the book columns (slots, exact keys, suggest texts) are stored as rows of the book columns, so
 * each id is decoded once, and every map holding it shares one string whose hash is computed once.
 */
class BookRows {
  private rowOf: Map<string, number> | undefined;

  constructor(private readonly ids: readonly string[]) {}

  /** Writing only: reading goes from rows to ids. */
  row(id: string): number {
    this.rowOf ??= new Map(this.ids.map((bookId, row) => [bookId, row]));
    const row = this.rowOf.get(id);
    if (row === undefined) throw new Error(`book ${id} is referred to but not in the snapshot`);
    return row;
  }

  /** The rows of many ids; -1 for "" (a free slot). */
  rowsOf(ids: readonly string[]): Int32Array {
    const rows = new Int32Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] ?? "";
      rows[i] = id === "" ? -1 : this.row(id);
    }
    return rows;
  }

  id(row: number): string {
    const id = this.ids[row];
    if (id === undefined) throw new Error(`snapshot refers to book row ${row}, which it does not have`);
    return id;
  }
}

async function writeIdsByKey(w: SectionWriter, rows: BookRows, name: string, image: IdsByKeyImage): Promise<void> {
  await w.strings(`${name}.keys`, image.keys);
  const counts = new Uint32Array(image.ids.length);
  const flat: string[] = [];
  image.ids.forEach((ids, i) => {
    if (typeof ids === "string") flat.push(ids);
    else flat.push(...ids);
    counts[i] = typeof ids === "string" ? 1 : ids.length;
  });
  await w.binary(`${name}.rows`, "i32", rows.rowsOf(flat));
  await w.binary(`${name}.counts`, "u32", counts);
}

function readIdsByKey(r: SectionReader, rows: BookRows, name: string): IdsByKeyImage {
  const keys = r.strings(`${name}.keys`);
  const bookRows = r.binary(`${name}.rows`, "i32", (b) => new Int32Array(b));
  const counts = r.binary(`${name}.counts`, "u32", (b) => new Uint32Array(b));
  if (counts.length !== keys.length) throw new Error(`snapshot section ${name} is inconsistent`);
  const ids = new Array<string | readonly string[]>(keys.length);
  let at = 0;
  for (let i = 0; i < keys.length; i++) {
    const n = counts[i] ?? 0;
    if (n === 1) ids[i] = rows.id(bookRows[at++] ?? -1);
    else {
      const list: string[] = [];
      for (let j = 0; j < n; j++) list.push(rows.id(bookRows[at++] ?? -1));
      ids[i] = list;
    }
  }
  if (at !== bookRows.length) throw new Error(`snapshot section ${name} has bad counts`);
  return { keys, ids };
}

/** One number per book, in book order. */
function numbers<T extends Float64Array | Uint8Array>(array: T, books: readonly IndexedBook[], value: (b: IndexedBook) => number): T {
  for (let i = 0; i < books.length; i++) {
    const book = books[i];
    if (book) array[i] = value(book);
  }
  return array;
}

/**
 * Writes a snapshot section by section; `sink` gets the file's bytes in order. Every await lets searches run, so a
 * save blocks the event loop only as long as its largest section takes to encode.
 */
export async function writeSnapshot(s: IndexSnapshot, sink: (chunk: Buffer) => Promise<void>): Promise<void> {
  const w = new SectionWriter(sink);
  const { books, text } = s.index;
  const column = (pick: (b: IndexedBook) => string) => books.map(pick);
  await w.begin();
  await w.json("meta", { format: s.format, savedAtMs: s.savedAtMs, cursor: s.cursor, categoryNames: s.categoryNames, books: books.length });
  await w.strings("book.id", column((b) => b.id));
  await w.strings("book.isbn", column((b) => b.isbn));
  await w.strings("book.title", column((b) => b.title));
  await w.lists("book.authors", books.map((b) => b.authors));
  await w.strings("book.publisher", column((b) => b.publisher));
  await w.strings("book.categoryId", column((b) => b.categoryId));
  await w.strings("book.categoryName", column((b) => b.categoryName));
  await w.strings("book.description", column((b) => b.description));
  await w.strings("book.language", column((b) => b.language));
  await w.binary("book.priceCents", "f64", numbers(new Float64Array(books.length), books, (b) => b.priceCents));
  await w.binary("book.createdAtMs", "f64", numbers(new Float64Array(books.length), books, (b) => b.createdAtMs));
  await w.binary("book.inStock", "u8", numbers(new Uint8Array(books.length), books, (b) => (b.inStock ? 1 : 0)));
  const rows = new BookRows(books.map((b) => b.id));
  await w.binary("text.rows", "i32", rows.rowsOf(text.ids));
  await w.strings("text.terms", text.terms);
  await w.binary("text.offsets", "u32", text.offsets);
  await w.binary("text.postings", "i32", text.postings);
  await w.binary("text.lengths", "u16", text.lengths);
  await w.binary("text.totals", "f64", text.totalLengths);
  await writeIdsByKey(w, rows, "isbns", s.index.isbns);
  await writeIdsByKey(w, rows, "authors", s.index.authors);
  await writeIdsByKey(w, rows, "titles", s.index.titles);
  const suggester = s.suggester();
  await w.strings("suggest.keys", suggester.keys);
  await w.binary("suggest.spellings", "u8", Uint8Array.from(suggester.spellings));
  await w.binary("suggest.texts", "u32", Uint32Array.from(suggester.texts));
  await w.binary("suggest.textRows", "i32", rows.rowsOf(suggester.textBooks));
  await w.binary("suggest.textWhich", "u32", Uint32Array.from(suggester.textWhich));
  await w.json("sales", s.sales);
  await w.end();
}

/** The whole file in memory (tests, tools). */
export async function encodeSnapshot(snapshot: IndexSnapshot): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await writeSnapshot(snapshot, (chunk) => {
    chunks.push(Buffer.from(chunk));
    return Promise.resolve();
  });
  return Buffer.concat(chunks);
}

/** Reads a snapshot file's bytes back; throws on anything malformed. */
export function decodeSnapshot(file: Buffer): IndexSnapshot {
  const r = new SectionReader(file);
  const meta = r.json<Pick<IndexSnapshot, "format" | "savedAtMs" | "cursor" | "categoryNames"> & { books: number }>("meta");
  const column = <T>(values: readonly T[]): readonly T[] => {
    if (values.length !== meta.books) throw new Error("snapshot book columns differ in length");
    return values;
  };
  const ids = column(r.strings("book.id"));
  const isbns = column(r.strings("book.isbn"));
  const titles = column(r.strings("book.title"));
  const authors = column(r.lists("book.authors"));
  const publishers = column(r.strings("book.publisher"));
  const categoryIds = column(r.strings("book.categoryId"));
  const categoryNames = column(r.strings("book.categoryName"));
  const descriptions = column(r.strings("book.description"));
  const languages = column(r.strings("book.language"));
  const prices = r.binary("book.priceCents", "f64", (b) => new Float64Array(b));
  const created = r.binary("book.createdAtMs", "f64", (b) => new Float64Array(b));
  const inStock = r.binary("book.inStock", "u8", (b) => new Uint8Array(b));
  const rows = new BookRows(ids);
  const books: IndexedBook[] = ids.map((id, i) => ({
    id,
    isbn: isbns[i] ?? "",
    title: titles[i] ?? "",
    authors: authors[i] ?? [],
    publisher: publishers[i] ?? "",
    categoryId: categoryIds[i] ?? "",
    categoryName: categoryNames[i] ?? "",
    description: descriptions[i] ?? "",
    priceCents: prices[i] ?? 0,
    language: languages[i] ?? "",
    inStock: inStock[i] === 1,
    createdAtMs: created[i] ?? 0,
  }));
  return {
    format: meta.format,
    savedAtMs: meta.savedAtMs,
    cursor: meta.cursor,
    categoryNames: meta.categoryNames,
    index: {
      books,
      text: {
        ids: Array.from(r.binary("text.rows", "i32", (b) => new Int32Array(b)), (row) => (row < 0 ? "" : rows.id(row))),
        terms: r.strings("text.terms"),
        offsets: r.binary("text.offsets", "u32", (b) => new Uint32Array(b)),
        postings: r.binary("text.postings", "i32", (b) => new Int32Array(b)),
        lengths: r.binary("text.lengths", "u16", (b) => new Uint16Array(b)),
        totalLengths: r.binary("text.totals", "f64", (b) => new Float64Array(b)),
      },
      isbns: readIdsByKey(r, rows, "isbns"),
      authors: readIdsByKey(r, rows, "authors"),
      titles: readIdsByKey(r, rows, "titles"),
    },
    // Decoded when the suggester first needs it (the reader keeps the file's bytes until then).
    suggester: () => ({
      keys: r.strings("suggest.keys"),
      spellings: r.binary("suggest.spellings", "u8", (b) => new Uint8Array(b)),
      texts: r.binary("suggest.texts", "u32", (b) => new Uint32Array(b)),
      textBooks: Array.from(r.binary("suggest.textRows", "i32", (b) => new Int32Array(b)), (row) => rows.id(row)),
      textWhich: r.binary("suggest.textWhich", "u32", (b) => new Uint32Array(b)),
    }),
    sales: r.json("sales"),
  };
}

/** The snapshot as one file, replaced atomically (written beside it, synced, renamed over it). */
export class FileSnapshotStore implements SnapshotStore {
  constructor(private readonly path: string) {}

  async load(): Promise<IndexSnapshot | undefined> {
    let file: Buffer;
    try {
      file = await readFile(this.path);
    } catch (err) {
      if (err instanceof Error && "code" in err && err.code === "ENOENT") return undefined;
      throw err;
    }
    return decodeSnapshot(file);
  }

  async save(snapshot: IndexSnapshot): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    const handle = await open(temporary, "w");
    try {
      await writeSnapshot(snapshot, async (chunk) => {
        for (let at = 0; at < chunk.length; ) at += (await handle.write(chunk, at)).bytesWritten;
      });
      await handle.sync();
    } catch (err) {
      await handle.close();
      await rm(temporary, { force: true });
      throw err;
    }
    await handle.close();
    await rename(temporary, this.path);
  }
}
