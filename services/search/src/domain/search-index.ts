import { FacetCodes, PRICE_BUCKETS, priceBucketIndex, priceFacets, type Facets } from "./facets.js";
import { highlightRanges, NO_HIGHLIGHTS, type Highlights, type MatchedTerms } from "./highlights.js";
import { IdsByKey } from "./ids-by-key.js";
import { compareIds, type IndexedBook } from "./indexed-book.js";
import { InvertedIndex, type Alternative, type Clause, type ClauseRole, type Fields } from "./inverted-index.js";
import { PinyinKeyMaker } from "./pinyin-keys.js";
import { NO_SALES, type SalesSignal } from "./sales-tally.js";
import type { SearchQuery } from "./search-query.js";
import { analyzeQuery, asIsbn, bigrams, exactKey, pinyinTerm, wordTerm, type QueryWord } from "./text-analysis.js";
import { topK } from "./top-k.js";
import { typoVariants } from "./typo-variants.js";

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

/** Books that matched the text, as parallel arrays indexed 0 … count−1. */
interface Candidates {
  readonly count: number;
  readonly slots: Int32Array;
  readonly scores: Float64Array;
  /** 0 when the book matched every word of the query, 1 when it misses one (shown after all full matches). */
  readonly tiers: Uint8Array;
}

/** Candidates that passed the filters, with boosted scores and recent sales. */
interface Ranked extends Candidates {
  readonly sold: Float64Array;
}

interface TextQuery {
  readonly clauses: readonly Clause[];
  readonly matched: MatchedTerms;
}

/** A word matched through a typo counts for less than the word itself. */
const TYPO_WEIGHT = 0.7;
/** A Latin word read as pinyin (a guess: it matched no English word) counts like a typo match. */
const PINYIN_WEIGHT = 0.7;
/** Typo stand-ins tried per word, the most common first: enough for real typos, bounded for junk. */
const MAX_TYPO_VARIANTS = 5;
/** A long CJK word found only as its bigram chain (not as jieba's word) counts a little less. */
const BIGRAM_CHAIN_WEIGHT = 0.9;
/** Fewer full matches than a page: books missing one separately typed word follow them. */
const RELAX_BELOW = 10;
/** Bonuses relative to the best text score, so they rank a whole-title or whole-name match first at any scale. */
const EXACT_TITLE_BONUS = 1;
const EXACT_AUTHOR_BONUS = 0.5;
/** Small nudges: a book one can buy now, and one that sells, edge ahead of an otherwise equal match. */
const IN_STOCK_BOOST = 0.05;
const SALES_BOOST = 0.1;
const SALES_HALF_BOOST_UNITS = 10;

const NO_CANDIDATES: Candidates = { count: 0, slots: new Int32Array(0), scores: new Float64Array(0), tiers: new Uint8Array(0) };

/**
 * The in-memory index of listed books: text matching, filters, facets, sort and paging. Pure; one per process.
 * Books live in the inverted index's slots, and a search works on slot arrays end to end, so a query matching
 * most of 100k books allocates a few typed arrays, not an object per book.
 */
export class SearchIndex {
  private readonly books = new Map<string, IndexedBook>();
  private readonly bySlot: (IndexedBook | undefined)[] = [];
  private readonly categoryOfSlot: number[] = [];
  private readonly languageOfSlot: number[] = [];
  private readonly categories = new FacetCodes();
  private readonly languages = new FacetCodes();
  private readonly text = new InvertedIndex();
  private readonly byIsbn = new IdsByKey();
  private readonly byAuthor = new IdsByKey();
  private readonly byTitle = new IdsByKey();
  private readonly sales: SalesSignal;
  private readonly publisherKeys = new Map<string, string>();
  /** Shared with the suggester, so each word is converted to pinyin once per process. */
  readonly pinyin = new PinyinKeyMaker();
  private changes = 0;

  constructor(options: { sales?: SalesSignal } = {}) {
    this.sales = options.sales ?? NO_SALES;
  }

  get size(): number {
    return this.books.size;
  }

  /** Grows on every change, so derived views (the suggester's sorted titles) know when to rebuild. */
  get version(): number {
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

  upsert(book: IndexedBook): void {
    this.remove(book.id);
    this.books.set(book.id, book);
    const slot = this.text.add(book.id, this.fieldsOf(book));
    this.bySlot[slot] = book;
    this.categoryOfSlot[slot] = this.categories.codeOf(book.categoryId);
    this.languageOfSlot[slot] = this.languages.codeOf(book.language.toLowerCase());
    this.byIsbn.add(asIsbn(book.isbn) ?? "", book.id);
    for (const author of book.authors) this.byAuthor.add(exactKey(author), book.id);
    this.byTitle.add(exactKey(book.title), book.id);
    this.changes++;
  }

  remove(id: string): void {
    const book = this.books.get(id);
    if (!book) return;
    const slot = this.text.slotOf(id);
    if (slot !== undefined) this.bySlot[slot] = undefined;
    this.text.remove(id, this.fieldsOf(book));
    this.byIsbn.delete(asIsbn(book.isbn) ?? "", id);
    for (const author of book.authors) this.byAuthor.delete(exactKey(author), id);
    this.byTitle.delete(exactKey(book.title), id);
    this.books.delete(id);
    this.changes++;
  }

  search(query: SearchQuery): SearchResult {
    const { candidates, matched } = this.match(query.text);
    const ranked = this.filtered(candidates, query);
    const start = (query.page - 1) * query.size;
    const page = topK(ranked.count, start + query.size, this.comparator(query, ranked)).slice(start);
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
      facets: this.facets(ranked),
    };
  }

  private match(text: string): { candidates: Candidates; matched: MatchedTerms | undefined } {
    if (text === "") return { candidates: this.everyBook(), matched: undefined };
    // An ISBN names one book exactly; partial text matching on digits would only add noise.
    const isbn = asIsbn(text);
    if (isbn !== undefined) return { candidates: this.exactly(this.byIsbn.get(isbn)), matched: undefined };

    const query = this.textQuery(analyzeQuery(text));
    const must = query.clauses.filter((c) => c.role === "must").length;
    const should = query.clauses.filter((c) => c.role === "should").length;
    const m = this.text.evaluate(query.clauses);
    // Every word must match. With few such books, those missing one separately typed word follow (an extra word
    // should not empty the page: "python programming" still shows Fluent Python). With none at all, books missing
    // any one word are better than an empty page (机器学习 → the 学习 books).
    const isFull = (i: number) => m.must[i] === must && m.should[i] === should;
    let full = 0;
    for (let i = 0; i < m.count; i++) if (isFull(i)) full++;
    let isRelaxed = (_: number) => false;
    if (full < RELAX_BELOW && must + should >= 2) isRelaxed = (i) => m.must[i] === must && m.should[i] === should - 1;
    if (full === 0 && must + should >= 2 && !anyOf(m.count, isRelaxed))
      isRelaxed = (i) => (m.must[i] ?? 0) + (m.should[i] ?? 0) === must + should - 1;

    const slots: number[] = [];
    const scores: number[] = [];
    const tiers: number[] = [];
    for (let i = 0; i < m.count; i++) {
      const tier = isFull(i) ? 0 : isRelaxed(i) ? 1 : -1;
      if (tier < 0) continue;
      slots.push(m.slots[i] ?? 0);
      scores.push(m.scores[i] ?? 0);
      tiers.push(tier);
    }
    this.addExactMatches(text, slots, scores, tiers);
    return {
      candidates: { count: slots.length, slots: Int32Array.from(slots), scores: Float64Array.from(scores), tiers: Uint8Array.from(tiers) },
      matched: query.matched,
    };
  }

  /** A whole author name or title typed as it is printed is what the customer means: it goes first. */
  private addExactMatches(text: string, slots: number[], scores: number[], tiers: number[]): void {
    const key = exactKey(text);
    const authors = this.byAuthor.get(key);
    const titles = this.byTitle.get(key);
    if (authors.length === 0 && titles.length === 0) return;
    const best = scores.reduce((a, b) => Math.max(a, b), 0) || 1;
    const at = new Map(slots.map((slot, i) => [slot, i]));
    for (const [ids, bonus] of [[authors, EXACT_AUTHOR_BONUS], [titles, EXACT_TITLE_BONUS]] as const) {
      for (const id of ids) {
        const slot = this.text.slotOf(id);
        if (slot === undefined) continue;
        let i = at.get(slot);
        if (i === undefined) {
          i = slots.push(slot) - 1;
          scores.push(0);
          tiers.push(0);
          at.set(slot, i);
        }
        scores[i] = (scores[i] ?? 0) + best * bonus;
        tiers[i] = 0;
      }
    }
  }

  /**
   * One clause per query word. A lone character (CJK or Latin) only adds score when the query has longer words;
   * words cut from one CJK run must all match; separately typed words should.
   */
  private textQuery(words: readonly QueryWord[]): TextQuery {
    const isShort = (w: QueryWord) => [...w.term].length === 1;
    const hasLongWord = words.some((w) => !isShort(w));
    const roleOf = (w: QueryWord): ClauseRole => {
      if (isShort(w) && hasLongWord) return "optional";
      return words.filter((other) => other.group === w.group && !(isShort(other) && hasLongWord)).length > 1 ? "must" : "should";
    };
    const latin = new Set<string>();
    const cjk: string[] = [];
    const clauses = words.map((word): Clause => {
      const role = roleOf(word);
      if (word.cjk) {
        cjk.push(word.term);
        const chars = [...word.term];
        const alternatives = [{ terms: [word.term], weight: 1 }];
        if (chars.length >= 3) alternatives.push({ terms: [...new Set(bigrams(chars))], weight: BIGRAM_CHAIN_WEIGHT });
        return { alternatives, role };
      }
      const alternatives = this.standIns(word);
      for (const alt of alternatives) for (const term of alt.terms) latin.add(term);
      return { alternatives, role };
    });
    return { clauses, matched: { latin, cjk } };
  }

  /**
   * The word's own term when the index knows it. Otherwise the word read as pinyin (santi → 三体), and for a word of
   * five or more letters the known terms one edit away (of the stem first, then of the word as typed, stemmed),
   * the most common first.
   */
  private standIns(word: QueryWord): Alternative[] {
    if (this.text.has(word.term)) return [{ terms: [word.term], weight: 1 }];
    const out: Alternative[] = [];
    const pinyin = pinyinTerm(word.surface);
    if (this.text.has(pinyin)) out.push({ terms: [pinyin], weight: PINYIN_WEIGHT });
    if (word.fuzzy) {
      const known = (terms: Iterable<string | undefined>) =>
        [...new Set(terms)].filter((t): t is string => t !== undefined && this.text.has(t));
      let variants = known(typoVariants(word.term));
      if (variants.length === 0) variants = known([...typoVariants(word.surface)].map((v) => wordTerm(v)));
      variants.sort((a, b) => this.text.frequency(b) - this.text.frequency(a) || (a < b ? -1 : 1));
      for (const term of variants.slice(0, MAX_TYPO_VARIANTS)) out.push({ terms: [term], weight: TYPO_WEIGHT });
    }
    return out.length > 0 ? out : [{ terms: [word.term], weight: 1 }];
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
    const slots: number[] = [];
    this.bySlot.forEach((book, slot) => {
      if (book) slots.push(slot);
    });
    return { count: slots.length, slots: Int32Array.from(slots), scores: new Float64Array(slots.length), tiers: new Uint8Array(slots.length) };
  }

  private exactly(ids: readonly string[]): Candidates {
    const slots = ids.flatMap((id) => this.text.slotOf(id) ?? []);
    if (slots.length === 0) return NO_CANDIDATES;
    return { count: slots.length, slots: Int32Array.from(slots), scores: new Float64Array(slots.length).fill(1), tiers: new Uint8Array(slots.length) };
  }

  /** The candidates that pass the filters, boosted for stock and recent sales. */
  private filtered(c: Candidates, q: SearchQuery): Ranked {
    const out = {
      count: 0,
      slots: new Int32Array(c.count),
      scores: new Float64Array(c.count),
      tiers: new Uint8Array(c.count),
      sold: new Float64Array(c.count),
    };
    const publisher = q.publisher === undefined ? undefined : exactKey(q.publisher);
    for (let i = 0; i < c.count; i++) {
      const slot = c.slots[i] ?? 0;
      const book = this.bySlot[slot];
      if (!book || !passes(book, q) || (publisher !== undefined && this.publisherKey(book) !== publisher)) continue;
      const sold = this.sales.recentSales(book.id);
      const score = c.scores[i] ?? 0;
      const boost = (1 + (book.inStock ? IN_STOCK_BOOST : 0)) * (1 + (SALES_BOOST * sold) / (sold + SALES_HALF_BOOST_UNITS));
      const at = out.count++;
      out.slots[at] = slot;
      out.scores[at] = score * boost;
      out.tiers[at] = c.tiers[i] ?? 0;
      out.sold[at] = sold;
    }
    return out;
  }

  /** Counts over the filtered result (every hit, not just the page). */
  private facets(r: Ranked): Facets {
    const category = new Uint32Array(this.categories.size);
    const language = new Uint32Array(this.languages.size);
    const price = new Uint32Array(PRICE_BUCKETS.length);
    for (let i = 0; i < r.count; i++) {
      const slot = r.slots[i] ?? 0;
      const c = this.categoryOfSlot[slot] ?? 0;
      const l = this.languageOfSlot[slot] ?? 0;
      const p = priceBucketIndex(this.bySlot[slot]?.priceCents ?? 0);
      category[c] = (category[c] ?? 0) + 1;
      language[l] = (language[l] ?? 0) + 1;
      price[p] = (price[p] ?? 0) + 1;
    }
    return { category: this.categories.counted(category), price: priceFacets(price), language: this.languages.counted(language) };
  }

  /** Full matches before relaxed ones whatever the order asked for; every order ends in a tie-break on the id. */
  private comparator(q: SearchQuery, r: Ranked): (a: number, b: number) => number {
    const book = (i: number) => this.bySlot[r.slots[i] ?? 0];
    const byId = (a: number, b: number) => compareIds(book(a)?.id ?? "", book(b)?.id ?? "");
    const byScore = (a: number, b: number) => (r.scores[b] ?? 0) - (r.scores[a] ?? 0) || byId(a, b);
    const newest = (a: number, b: number) => (book(b)?.createdAtMs ?? 0) - (book(a)?.createdAtMs ?? 0) || -byId(a, b);
    const price = (i: number) => book(i)?.priceCents ?? 0;
    const order = ((): ((a: number, b: number) => number) => {
      switch (q.sort) {
        case "price_asc":
          return (a, b) => price(a) - price(b) || byId(a, b);
        case "price_desc":
          return (a, b) => price(b) - price(a) || byId(a, b);
        case "newest":
          return newest;
        case "bestselling":
          return (a, b) => (r.sold[b] ?? 0) - (r.sold[a] ?? 0) || (q.text === "" ? newest(a, b) : byScore(a, b));
        case "relevance":
          return q.text === "" ? newest : byScore;
      }
    })();
    return (a, b) => (r.tiers[a] ?? 0) - (r.tiers[b] ?? 0) || order(a, b);
  }

  /** Publishers are few: their keys are worked out once each, not once per book per search. */
  private publisherKey(book: IndexedBook): string {
    let key = this.publisherKeys.get(book.publisher);
    if (key === undefined) this.publisherKeys.set(book.publisher, (key = exactKey(book.publisher)));
    return key;
  }
}

function anyOf(count: number, test: (i: number) => boolean): boolean {
  for (let i = 0; i < count; i++) if (test(i)) return true;
  return false;
}

/** The filters but publisher, which compares whole keys (case, spacing and punctuation ignored). */
function passes(book: IndexedBook, q: SearchQuery): boolean {
  return (
    (q.categoryId === undefined || book.categoryId === q.categoryId) &&
    (q.minPriceCents === undefined || book.priceCents >= q.minPriceCents) &&
    (q.maxPriceCents === undefined || book.priceCents <= q.maxPriceCents) &&
    (q.inStock === undefined || book.inStock === q.inStock) &&
    (q.language === undefined || book.language.toLowerCase() === q.language)
  );
}
