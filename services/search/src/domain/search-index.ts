import { BookColumns, NO_CODE } from "./book-columns.js";
import type { Fields } from "./bm25.js";
import { ANY, filterCandidates, relaxation, tierMatches, type Candidates, type ColumnFilter } from "./candidate-filter.js";
import { PRICE_BUCKETS, priceFacets, type Facets } from "./facets.js";
import { highlightRanges, NO_HIGHLIGHTS, type Highlights, type MatchedTerms } from "./highlights.js";
import { IdsByKey, type IdsByKeyImage } from "./ids-by-key.js";
import type { IndexedBook } from "./indexed-book.js";
import { InvertedIndex, type InvertedIndexImage } from "./inverted-index.js";
import { PinyinKeyMaker } from "./pinyin-keys.js";
import { NO_SALES, type SalesSignal } from "./sales-tally.js";
import type { SearchQuery } from "./search-query.js";
import { textQuery } from "./query-clauses.js";
import { firstInOrder, type RankedCandidates } from "./result-order.js";
import { SearchScratch } from "./search-scratch.js";
import { analyzeQuery, asIsbn, exactKey } from "./text-analysis.js";

export interface SearchHit {
  readonly bookId: string;
  readonly score: number;
  readonly highlights: Highlights;
}

export interface SearchResult {
  readonly hits: readonly SearchHit[];
  /** Every book that matched the text and filters, not just this page. */
  readonly total: number;
  readonly facets: Facets;
}

/** Ranked candidates with the facets counted on the way. */
interface Ranked extends RankedCandidates {
  readonly facets: Facets;
}

/** The index as plain data, for a snapshot (see InvertedIndexImage). */
export interface SearchIndexImage {
  readonly books: readonly IndexedBook[];
  readonly text: InvertedIndexImage;
  readonly isbns: IdsByKeyImage;
  readonly authors: IdsByKeyImage;
  readonly titles: IdsByKeyImage;
}

/** Fewer full matches than a page: books missing one separately typed word follow them. */
const RELAX_BELOW = 10;
/** Bonuses relative to the best text score, so they rank a whole-title or whole-name match first at any scale. */
const EXACT_TITLE_BONUS = 1;
const EXACT_AUTHOR_BONUS = 0.5;

const NO_CANDIDATES: Candidates = { count: 0, slots: new Int32Array(0), scores: new Float64Array(0), tiers: new Uint8Array(0) };

/**
 * The in-memory index of listed books: text matching, filters, facets, sort and paging. Pure; one per process.
 * Books live in the inverted index's slots, and a search works on slot arrays end to end (the values filters, facets
 * and sorts read are typed columns by slot), so a query matching most of 100k books allocates a few typed arrays
 * and reads no object per book.
 */
export class SearchIndex {
  private readonly books = new Map<string, IndexedBook>();
  private readonly bySlot: (IndexedBook | undefined)[] = [];
  private readonly columns = new BookColumns();
  private text = new InvertedIndex();
  private byIsbn = new IdsByKey();
  private byAuthor = new IdsByKey();
  private byTitle = new IdsByKey();
  private readonly sales: SalesSignal;
  /** Recent sales by slot, rebuilt when the tally's version moves (sales are few next to searches). */
  private sold = new Float64Array(0);
  private soldVersion = Number.NaN;
  private anySold = false;
  private readonly scratch = new SearchScratch();
  private readonly textWatchers: ((id: string) => void)[] = [];
  private changes = 0;
  /** Shared with the suggester, so each word is converted to pinyin once per process. */
  readonly pinyin = new PinyinKeyMaker();

  constructor(options: { sales?: SalesSignal } = {}) {
    this.sales = options.sales ?? NO_SALES;
  }

  get size(): number {
    return this.books.size;
  }

  /** Grows with every upsert and removal: whether the index changed since a snapshot was taken. */
  get revision(): number {
    return this.changes;
  }

  get(id: string): IndexedBook | undefined {
    return this.books.get(id);
  }

  all(): IterableIterator<IndexedBook> {
    return this.books.values();
  }

  recentSales(id: string): number {
    return this.sales.recentSales(id);
  }

  /** Called with a book's id whenever its title or authors may have changed, or it left the index (the suggester). */
  onTextChange(watch: (id: string) => void): void {
    this.textWatchers.push(watch);
  }

  upsert(book: IndexedBook): void {
    this.changes++;
    const known = this.books.get(book.id);
    const slot = known === undefined ? undefined : this.text.slotOf(book.id);
    if (known && slot !== undefined && sameText(known, book)) {
      // Stock, price or a filter changed (every order changes stock): no text to analyze again.
      this.books.set(book.id, book);
      this.bySlot[slot] = book;
      this.columns.set(slot, book);
      return;
    }
    this.unindex(book.id);
    this.books.set(book.id, book);
    const added = this.text.add(book.id, this.fieldsOf(book));
    this.bySlot[added] = book;
    this.columns.set(added, book);
    this.byIsbn.add(asIsbn(book.isbn) ?? "", book.id);
    for (const author of book.authors) this.byAuthor.add(exactKey(author), book.id);
    this.byTitle.add(exactKey(book.title), book.id);
    for (const watch of this.textWatchers) watch(book.id);
  }

  remove(id: string): void {
    if (this.unindex(id)) for (const watch of this.textWatchers) watch(id);
  }

  /** Takes a book out of every structure; false when it was not indexed. */
  private unindex(id: string): boolean {
    const book = this.books.get(id);
    if (!book) return false;
    this.changes++;
    const slot = this.text.slotOf(id);
    if (slot !== undefined) {
      this.bySlot[slot] = undefined;
      this.columns.clear(slot);
    }
    this.text.remove(id, this.fieldsOf(book));
    this.byIsbn.delete(asIsbn(book.isbn) ?? "", id);
    for (const author of book.authors) this.byAuthor.delete(exactKey(author), id);
    this.byTitle.delete(exactKey(book.title), id);
    this.books.delete(id);
    return true;
  }

  search(query: SearchQuery): SearchResult {
    this.scratch.ensure(this.text.capacity);
    const { candidates, matched } = this.match(query.text);
    const ranked = this.filtered(candidates, query);
    const start = (query.page - 1) * query.size;
    const page = firstInOrder(query, ranked, start + query.size, {
      columns: this.columns,
      bySlot: this.bySlot,
      keys: this.scratch.sortKeys,
    }).slice(start);
    return {
      hits: page.map((i) => {
        const book = this.bySlot[ranked.slots[i] ?? 0];
        return {
          bookId: book?.id ?? "",
          score: ranked.scores[i] ?? 0,
          highlights:
            book && matched
              ? { title: highlightRanges(book.title, matched), description: highlightRanges(book.description, matched) }
              : NO_HIGHLIGHTS,
        };
      }),
      total: ranked.count,
      facets: ranked.facets,
    };
  }

  /** A copy of the index as plain data; books are shared, not copied (they are immutable). */
  toImage(): SearchIndexImage {
    return {
      books: [...this.books.values()],
      text: this.text.toImage(),
      isbns: this.byIsbn.toImage(),
      authors: this.byAuthor.toImage(),
      titles: this.byTitle.toImage(),
    };
  }

  /**
   * Fills this empty index from an image: nothing is analyzed again. Text watchers are not told (a suggester loads
   * from the same snapshot, or builds in full when it first runs).
   */
  load(image: SearchIndexImage): void {
    if (this.books.size > 0) throw new Error("a snapshot loads into an empty index only");
    const text = InvertedIndex.fromImage(image.text);
    for (const book of image.books) {
      const slot = text.slotOf(book.id);
      if (slot === undefined) throw new Error(`snapshot book ${book.id} has no slot`);
      this.books.set(book.id, book);
      this.bySlot[slot] = book;
      this.columns.set(slot, book);
    }
    this.text = text;
    this.byIsbn = IdsByKey.fromImage(image.isbns);
    this.byAuthor = IdsByKey.fromImage(image.authors);
    this.byTitle = IdsByKey.fromImage(image.titles);
  }

  private match(text: string): { candidates: Candidates; matched: MatchedTerms | undefined } {
    if (text === "") return { candidates: this.everyBook(), matched: undefined };
    // An ISBN names one book exactly; partial text matching on digits would only add noise.
    const isbn = asIsbn(text);
    if (isbn !== undefined) return { candidates: this.exactly(this.byIsbn.get(isbn)), matched: undefined };

    const query = textQuery(analyzeQuery(text), this.text);
    let must = 0;
    let should = 0;
    for (const c of query.clauses) {
      if (c.role === "must") must++;
      else if (c.role === "should") should++;
    }
    const m = this.text.evaluate(query.clauses);
    // Every word must match. With few such books, those missing one separately typed word follow (an extra word
    // should not empty the page: "python programming" still shows Fluent Python). With none at all, books missing
    // any one word are better than an empty page (机器学习 → the 学习 books).
    const relax = relaxation(m, must, should, RELAX_BELOW);
    const { candidateSlots: slots, candidateScores: scores, candidateTiers: tiers } = this.scratch;
    const count = tierMatches(m, must, should, relax, { count: 0, slots, scores, tiers });
    return { candidates: this.withExactMatches(text, { count, slots, scores, tiers }), matched: query.matched };
  }

  /** A whole author name or title typed as it is printed is what the customer means: it goes first. */
  private withExactMatches(text: string, c: Candidates): Candidates {
    const key = exactKey(text);
    const authors = this.byAuthor.get(key);
    const titles = this.byTitle.get(key);
    if (authors.length === 0 && titles.length === 0) return c;
    let best = 0;
    for (let i = 0; i < c.count; i++) best = Math.max(best, c.scores[i] ?? 0);
    best ||= 1;
    // Candidates are in the scratch arrays, which have room for every slot: exact matches are appended in place.
    const { slots, scores, tiers } = c;
    const position = this.scratch.positionOfSlot;
    for (let i = 0; i < c.count; i++) position[slots[i] ?? 0] = i + 1;
    let count = c.count;
    for (const [ids, bonus] of [[authors, EXACT_AUTHOR_BONUS], [titles, EXACT_TITLE_BONUS]] as const) {
      for (const id of ids) {
        const slot = this.text.slotOf(id);
        if (slot === undefined) continue;
        let i = (position[slot] ?? 0) - 1;
        if (i < 0) {
          i = count++;
          slots[i] = slot;
          position[slot] = i + 1;
        }
        scores[i] = (scores[i] ?? 0) + best * bonus;
        tiers[i] = 0;
      }
    }
    for (let i = 0; i < count; i++) position[slots[i] ?? 0] = 0;
    return { count, slots, scores, tiers };
  }

  private fieldsOf(book: IndexedBook): Fields {
    return {
      title: book.title,
      authors: book.authors.join("\n"),
      publisher: book.publisher,
      category: book.categoryName,
      description: book.description,
      pinyin: [book.title, ...book.authors].flatMap((text) => this.pinyin.searchWords(text)).join(" "),
    };
  }

  private everyBook(): Candidates {
    const live = this.columns.live;
    const capacity = Math.min(live.length, this.text.capacity);
    const { candidateSlots: slots, candidateScores: scores, candidateTiers: tiers } = this.scratch;
    let count = 0;
    for (let slot = 0; slot < capacity; slot++) if (live[slot]) slots[count++] = slot;
    scores.fill(0, 0, count);
    tiers.fill(0, 0, count);
    return { count, slots, scores, tiers };
  }

  private exactly(ids: readonly string[]): Candidates {
    const slots = ids.flatMap((id) => this.text.slotOf(id) ?? []);
    if (slots.length === 0) return NO_CANDIDATES;
    return { count: slots.length, slots: Int32Array.from(slots), scores: new Float64Array(slots.length).fill(1), tiers: new Uint8Array(slots.length) };
  }

  /** The candidates that pass the filters, boosted, with the facets of that result (every hit, not just the page). */
  private filtered(c: Candidates, q: SearchQuery): Ranked {
    const columns = this.columns;
    const filter: ColumnFilter = {
      category: q.categoryId === undefined ? ANY : columns.categoryCode(q.categoryId),
      language: q.language === undefined ? ANY : columns.languageCode(q.language),
      publisher: q.publisher === undefined ? ANY : columns.publisherCode(q.publisher),
      inStock: q.inStock === undefined ? ANY : q.inStock ? 1 : 0,
      minPriceCents: q.minPriceCents ?? Number.NEGATIVE_INFINITY,
      maxPriceCents: q.maxPriceCents ?? Number.POSITIVE_INFINITY,
    };
    const { rankedSlots, rankedScores, rankedTiers, rankedSold } = this.scratch;
    const out = {
      slots: rankedSlots,
      scores: rankedScores,
      tiers: rankedTiers,
      sold: rankedSold,
      categoryCounts: new Uint32Array(columns.categories.size),
      languageCounts: new Uint32Array(columns.languages.size),
      priceCounts: new Uint32Array(PRICE_BUCKETS.length),
    };
    // A filter value no book has: nothing passes.
    const impossible = filter.category === NO_CODE || filter.language === NO_CODE || filter.publisher === NO_CODE;
    const count = impossible ? 0 : filterCandidates(columns, c, filter, this.soldBySlot() ?? NOTHING_SOLD, out);
    return {
      count,
      slots: rankedSlots,
      scores: rankedScores,
      tiers: rankedTiers,
      sold: rankedSold,
      facets: {
        category: columns.categories.counted(out.categoryCounts),
        price: priceFacets(out.priceCounts),
        language: columns.languages.counted(out.languageCounts),
      },
    };
  }

  /** Recent sales by slot, or undefined while nothing sold. */
  private soldBySlot(): Float64Array | undefined {
    const version = this.sales.version;
    if (version !== this.soldVersion || this.sold.length < this.text.capacity) {
      this.sold = new Float64Array(this.text.capacity);
      this.anySold = false;
      this.sales.forEachRecent((bookId, units) => {
        const slot = this.text.slotOf(bookId);
        if (slot === undefined) return;
        this.sold[slot] = units;
        this.anySold = true;
      });
      this.soldVersion = version;
    }
    return this.anySold ? this.sold : undefined;
  }

}

const NOTHING_SOLD = new Float64Array(0);

/** Same searchable text: the inverted index entries and exact keys of the old version still hold. */
function sameText(a: IndexedBook, b: IndexedBook): boolean {
  return (
    a.title === b.title &&
    a.description === b.description &&
    a.publisher === b.publisher &&
    a.categoryName === b.categoryName &&
    a.isbn === b.isbn &&
    a.authors.length === b.authors.length &&
    a.authors.every((author, i) => author === b.authors[i])
  );
}
