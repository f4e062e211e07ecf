import type { HotKeywords } from "./hot-keywords.js";
import type { IndexedBook } from "./indexed-book.js";
import type { SearchIndex } from "./search-index.js";
import { normalizeText, queryKey, textRuns } from "./text-analysis.js";

/** How an entry's key spells its title or name; a direct spelling ranks before pinyin, pinyin before initials. */
enum Spelling {
  Text = 0,
  Pinyin = 1,
  Initials = 2,
}

/** A title or author name as suggestions show it, shared by its entries (one per spelling). */
interface SuggestText {
  readonly bookId: string;
  /** 0 for the title, i for the book's i-th author. */
  readonly which: number;
  /** What the user sees: the title or author as the catalog spells it. */
  readonly display: string;
  /** The display in compact form: one suggestion per title or name, however many books or spellings lead to it. */
  readonly same: string;
  /** queryKey(display), worked out when first needed. */
  hotKey: string | undefined;
  /** Its index in the image being taken, valid when imageRound is the current round (no Map of 300k texts). */
  imageIndex: number;
  imageRound: number;
}

interface Entry {
  /** Normalized, spaces and punctuation removed; what the typed prefix is compared with. */
  readonly key: string;
  readonly spelling: Spelling;
  readonly text: SuggestText;
}

/** The sorted entries as plain data, for the index snapshot. */
export interface SuggesterImage {
  /** Per entry, in key order: its key, its spelling and the index of its text. */
  readonly keys: readonly string[];
  readonly spellings: ArrayLike<number>;
  readonly texts: ArrayLike<number>;
  /** Per text: the book and which of its texts (0 title, i the i-th author). */
  readonly textBooks: readonly string[];
  readonly textWhich: ArrayLike<number>;
}

/** Warm-up slices: this many books converted, or snapshot entries made, between chances for searches to run. */
const BOOKS_PER_SLICE = 500;
const ENTRIES_PER_SLICE = 50_000;

/** Scanning stops after this many prefix matches; "a" alone should not rank the whole catalog. */
const MAX_CANDIDATES = 500;

/** Typed text and catalog text meet in this form: 計算 機 → 计算机, "Design Pat" → designpat. */
const compactKey = (text: string) =>
  textRuns(normalizeText(text))
    .map((r) => r.text)
    .join("");

const byKey = (a: Entry, b: Entry) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.spelling - b.spelling);

const textOf = (book: IndexedBook, which: number) => (which === 0 ? book.title : (book.authors[which - 1] ?? "")).trim();

/**
 * Prefix completion over titles and authors, by their own spelling, full pinyin (jisuanji) and pinyin initials (jsj).
 * The sorted entry list is derived from the index: built in full once (warm() after the first sync, or loaded from a
 * snapshot), then only books whose text changed are converted again and merged into the sorted list.
 */
export class Suggester {
  private entries: Entry[] = [];
  private readonly changed = new Set<string>();
  private built = false;
  private pending: (() => SuggesterImage) | undefined;
  private imageRounds = 0;
  /** The warm-up under way, if any (see warmStep). */
  private work: Generator<void, void> | undefined;

  constructor(
    private readonly index: SearchIndex,
    private readonly hot: HotKeywords,
  ) {
    index.onTextChange((id) => this.changed.add(id));
  }

  /** Builds the entry list now (it costs seconds at 100k books), so no suggest request pays for it. */
  warm(): void {
    while (!this.warmStep());
  }

  /**
   * Does one slice (a few tens of milliseconds) of the work warm() does; true once the entry list is up to date. A
   * caller can run the slices with the event loop free in between, so searches are served while suggest warms up; a
   * suggest request arriving meanwhile finishes the work at once.
   */
  warmStep(): boolean {
    this.work ??= this.steps();
    if (!this.work.next().done) return false;
    this.work = undefined;
    return true;
  }

  /** Whether a suggestion can be answered without building or updating the entry list first. */
  get warmed(): boolean {
    return this.built && this.pending === undefined && this.work === undefined && this.changed.size === 0;
  }

  suggest(q: string, limit: number): string[] {
    const prefix = compactKey(q);
    if (prefix === "" || limit <= 0) return [];
    this.refresh();
    const entries = this.entries;
    const candidates = new Map<string, { text: SuggestText; spelling: Spelling; order: number; bookIds: string[] }>();
    for (let i = lowerBound(entries, prefix); i < entries.length && candidates.size < MAX_CANDIDATES; i++) {
      const e = entries[i];
      if (!e?.key.startsWith(prefix)) break;
      const seen = candidates.get(e.text.same);
      if (seen) seen.bookIds.push(e.text.bookId);
      else candidates.set(e.text.same, { text: e.text, spelling: e.spelling, order: i, bookIds: [e.text.bookId] });
    }
    // Popular first: searched for lately, then selling lately; then the closer spelling, then key order.
    return [...candidates.values()]
      .map((c) => ({
        ...c,
        searched: this.hot.popularity((c.text.hotKey ??= queryKey(c.text.display))),
        sold: Math.max(...c.bookIds.map((id) => this.index.recentSales(id))),
      }))
      .sort((a, b) => b.searched - a.searched || b.sold - a.sold || a.spelling - b.spelling || a.order - b.order)
      .slice(0, limit)
      .map((c) => c.text.display);
  }

  toImage(): SuggesterImage {
    this.refresh();
    const round = ++this.imageRounds;
    const n = this.entries.length;
    const image = { keys: new Array<string>(n), spellings: new Uint8Array(n), texts: new Uint32Array(n), textBooks: [] as string[], textWhich: [] as number[] };
    for (let i = 0; i < n; i++) {
      const e = this.entries[i];
      if (!e) continue;
      const text = e.text;
      if (text.imageRound !== round) {
        text.imageRound = round;
        text.imageIndex = image.textBooks.push(text.bookId) - 1;
        image.textWhich.push(text.which);
      }
      image.keys[i] = e.key;
      image.spellings[i] = e.spelling;
      image.texts[i] = text.imageIndex;
    }
    return image;
  }

  /**
   * Takes a snapshot's entries for the books the index loaded from the same snapshot. They are made into entries when
   * first needed (warm() after the first sync), which keeps that work out of a restart's way to serving searches.
   */
  load(image: () => SuggesterImage): void {
    this.work = undefined;
    this.pending = image;
    this.changed.clear();
    this.built = true;
  }

  private refresh(): void {
    this.warm();
  }

  /** The work to bring the entry list up to date, in slices: a snapshot's entries, or a full build, then changes. */
  private *steps(): Generator<void, void> {
    if (this.pending) {
      const image = this.pending;
      this.pending = undefined;
      try {
        yield* this.materialize(image());
      } catch {
        // A damaged suggest section costs its shortcut only: the table is built from the index instead.
        this.built = false;
      }
    }
    if (!this.built) {
      // Books changed while this runs are converted again afterwards.
      this.changed.clear();
      const all: Entry[] = [];
      let done = 0;
      for (const book of this.index.all()) {
        all.push(...this.entriesOf(book));
        if (++done % BOOKS_PER_SLICE === 0) yield;
      }
      this.entries = all.sort(byKey);
      this.built = true;
    }
    if (this.changed.size === 0) return;
    // A changed book's entries are made again from its current title and authors; a removed book's just go.
    const changed = new Set(this.changed);
    this.changed.clear();
    const added: Entry[] = [];
    for (const id of changed) {
      const book = this.index.get(id);
      if (book) added.push(...this.entriesOf(book));
    }
    this.entries = mergeSorted(
      this.entries.filter((e) => !changed.has(e.text.bookId)),
      added.sort(byKey),
    );
  }

  /** Entries from a snapshot image (plain loops: 300k+ entries at 100k books), in slices. */
  private *materialize(image: SuggesterImage): Generator<void, void> {
    const textCount = image.textBooks.length;
    const same = new Array<string | undefined>(textCount);
    for (let i = 0; i < image.keys.length; i++) {
      const t = image.texts[i] ?? -1;
      if (image.spellings[i] === Spelling.Text && t >= 0 && t < textCount) same[t] = image.keys[i];
    }
    yield;
    const texts = new Array<SuggestText | undefined>(textCount);
    for (let t = 0; t < textCount; t++) {
      const bookId = image.textBooks[t] ?? "";
      const book = this.index.get(bookId);
      const key = same[t];
      const which = image.textWhich[t] ?? 0;
      texts[t] =
        book && key !== undefined ? { bookId, which, display: textOf(book, which), same: key, hotKey: undefined, imageIndex: 0, imageRound: 0 } : undefined;
      if (t % ENTRIES_PER_SLICE === ENTRIES_PER_SLICE - 1) yield;
    }
    const entries: Entry[] = [];
    for (let i = 0; i < image.keys.length; i++) {
      const text = texts[image.texts[i] ?? -1];
      const spelling = image.spellings[i];
      if (text && (spelling === Spelling.Text || spelling === Spelling.Pinyin || spelling === Spelling.Initials))
        entries.push({ key: image.keys[i] ?? "", spelling, text });
      if (i % ENTRIES_PER_SLICE === ENTRIES_PER_SLICE - 1) yield;
    }
    this.entries = entries;
  }

  private entriesOf(book: IndexedBook): Entry[] {
    const entries: Entry[] = [];
    const texts = [book.title, ...book.authors];
    texts.forEach((_, which) => {
      const display = textOf(book, which);
      const runs = textRuns(normalizeText(display));
      const key = runs.map((r) => r.text).join("");
      if (key === "") return;
      const text: SuggestText = { bookId: book.id, which, display, same: key, hotKey: undefined, imageIndex: 0, imageRound: 0 };
      entries.push({ key, spelling: Spelling.Text, text });
      const pinyin = this.index.pinyin.keysOf(runs);
      if (!pinyin) return;
      entries.push({ key: pinyin.full, spelling: Spelling.Pinyin, text });
      entries.push({ key: pinyin.initials, spelling: Spelling.Initials, text });
    });
    return entries;
  }
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
