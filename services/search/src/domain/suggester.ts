import type { HotQueries } from "./hot-queries.js";
import type { IndexedBook } from "./indexed-book.js";
import type { SearchIndex } from "./search-index.js";
import { normalizeText, queryKey, textRuns } from "./text-analysis.js";

/** How an entry's key spells its title or name; a direct spelling ranks before pinyin, pinyin before initials. */
const enum Spelling {
  Text = 0,
  Pinyin = 1,
  Initials = 2,
}

interface Entry {
  /** Normalized, spaces and punctuation removed; what the typed prefix is compared with. */
  readonly key: string;
  /** What the user sees: the title or author as the catalog spells it. */
  readonly display: string;
  readonly spelling: Spelling;
  readonly bookId: string;
}

interface BookEntries {
  readonly title: string;
  readonly authors: readonly string[];
  readonly entries: readonly Entry[];
}

/** Scanning stops after this many prefix matches; "a" alone should not rank the whole catalog. */
const MAX_CANDIDATES = 500;

/** Typed text and catalog text meet in this form: 計算 機 → 计算机, "Design Pat" → designpat. */
const compactKey = (text: string) =>
  textRuns(normalizeText(text))
    .map((r) => r.text)
    .join("");

const byKey = (a: Entry, b: Entry) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.spelling - b.spelling);

/**
 * Prefix completion over titles and authors, by their own spelling, full pinyin (jisuanji) and pinyin initials (jsj).
 * The sorted entry list is derived from the index and brought up to date lazily: only books that changed since the
 * last suggestion are converted again, and merged into the sorted list in one pass.
 */
export class Suggester {
  private entries: Entry[] = [];
  private readonly byBook = new Map<string, BookEntries>();
  private builtAt = -1;

  constructor(
    private readonly index: SearchIndex,
    private readonly hot: HotQueries,
  ) {}

  suggest(q: string, limit: number): string[] {
    const prefix = compactKey(q);
    if (prefix === "" || limit <= 0) return [];
    const entries = this.sorted();
    const candidates = new Map<string, { display: string; spelling: Spelling; order: number; bookIds: string[] }>();
    for (let i = lowerBound(entries, prefix); i < entries.length && candidates.size < MAX_CANDIDATES; i++) {
      const e = entries[i];
      if (!e?.key.startsWith(prefix)) break;
      // One suggestion per title or name, however many books or spellings lead to it.
      const same = compactKey(e.display);
      const seen = candidates.get(same);
      if (seen) seen.bookIds.push(e.bookId);
      else candidates.set(same, { display: e.display, spelling: e.spelling, order: i, bookIds: [e.bookId] });
    }
    // Popular first: searched for lately, then selling lately; then the closer spelling, then key order.
    return [...candidates.values()]
      .map((c) => ({
        ...c,
        searched: this.hot.count(queryKey(c.display)),
        sold: Math.max(...c.bookIds.map((id) => this.index.recentSales(id))),
      }))
      .sort((a, b) => b.searched - a.searched || b.sold - a.sold || a.spelling - b.spelling || a.order - b.order)
      .slice(0, limit)
      .map((c) => c.display);
  }

  private sorted(): Entry[] {
    if (this.builtAt === this.index.version) return this.entries;
    const stale = new Set<Entry>();
    const added: Entry[] = [];
    const replace = (id: string, next: BookEntries | undefined) => {
      for (const e of this.byBook.get(id)?.entries ?? []) stale.add(e);
      if (next) {
        this.byBook.set(id, next);
        added.push(...next.entries);
      } else this.byBook.delete(id);
    };
    for (const book of this.index.all()) {
      const known = this.byBook.get(book.id);
      if (!known || known.title !== book.title || !sameList(known.authors, book.authors)) replace(book.id, this.entriesOf(book));
    }
    for (const id of [...this.byBook.keys()]) if (!this.index.get(id)) replace(id, undefined);
    if (stale.size > 0 || added.length > 0) this.entries = mergeSorted(this.entries.filter((e) => !stale.has(e)), added.sort(byKey));
    this.builtAt = this.index.version;
    return this.entries;
  }

  private entriesOf(book: IndexedBook): BookEntries {
    const entries: Entry[] = [];
    for (const text of [book.title, ...book.authors]) {
      const display = text.trim();
      const runs = textRuns(normalizeText(display));
      const key = runs.map((r) => r.text).join("");
      if (key === "") continue;
      entries.push({ key, display, spelling: Spelling.Text, bookId: book.id });
      const pinyin = this.index.pinyin.keysOf(runs);
      if (!pinyin) continue;
      entries.push({ key: pinyin.full, display, spelling: Spelling.Pinyin, bookId: book.id });
      entries.push({ key: pinyin.initials, display, spelling: Spelling.Initials, bookId: book.id });
    }
    return { title: book.title, authors: book.authors, entries };
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function mergeSorted(a: readonly Entry[], b: readonly Entry[]): Entry[] {
  const out: Entry[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && byKey(x, y) <= 0)) {
      if (x) out.push(x);
      i++;
    } else {
      out.push(y);
      j++;
    }
  }
  return out;
}

function lowerBound(entries: readonly Entry[], key: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((entries[mid]?.key ?? "") < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
