import { countFacets, type Facets } from "./facets.js";
import { compareIds, type IndexedBook } from "./indexed-book.js";
import { InvertedIndex } from "./inverted-index.js";
import type { SearchQuery } from "./search-query.js";
import { analyzeQuery, asIsbn } from "./text-analysis.js";

export interface SearchHit {
  readonly bookId: string;
  readonly score: number;
}

export interface SearchResult {
  readonly hits: readonly SearchHit[];
  /** Every book that matched the text and filters, not just this page. */
  readonly total: number;
  readonly facets: Facets;
}

interface Scored {
  readonly book: IndexedBook;
  readonly score: number;
}

const bareIsbn = (isbn: string) => isbn.replace(/[\s-]/g, "").toUpperCase();

/** The in-memory index of listed books: text matching, filters, facets, sort and paging. Pure; one per process. */
export class SearchIndex {
  private readonly books = new Map<string, IndexedBook>();
  private readonly text = new InvertedIndex();
  private readonly byIsbn = new Map<string, Set<string>>();
  private changes = 0;

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

  upsert(book: IndexedBook): void {
    this.remove(book.id);
    this.books.set(book.id, book);
    this.text.add(book.id, {
      title: book.title,
      authors: book.authors.join("\n"),
      publisher: book.publisher,
      category: book.categoryName,
      description: book.description,
    });
    const isbn = bareIsbn(book.isbn);
    if (isbn) {
      let ids = this.byIsbn.get(isbn);
      if (!ids) this.byIsbn.set(isbn, (ids = new Set()));
      ids.add(book.id);
    }
    this.changes++;
  }

  remove(id: string): void {
    const book = this.books.get(id);
    if (!book) return;
    this.text.remove(id);
    const isbn = bareIsbn(book.isbn);
    const ids = this.byIsbn.get(isbn);
    ids?.delete(id);
    if (ids?.size === 0) this.byIsbn.delete(isbn);
    this.books.delete(id);
    this.changes++;
  }

  search(query: SearchQuery): SearchResult {
    const matched = this.match(query.text).filter(({ book }) => passes(book, query));
    matched.sort(comparator(query));
    const start = (query.page - 1) * query.size;
    return {
      hits: matched.slice(start, start + query.size).map(({ book, score }) => ({ bookId: book.id, score })),
      total: matched.length,
      facets: countFacets(matched.map((m) => m.book)),
    };
  }

  private match(text: string): Scored[] {
    if (text === "") return [...this.books.values()].map((book) => ({ book, score: 0 }));
    // An ISBN names one book exactly; partial text matching on digits would only add noise.
    const isbn = asIsbn(text);
    if (isbn !== undefined) return [...(this.byIsbn.get(isbn) ?? [])].flatMap((id) => this.scored(id, 1));
    const { required, scoring } = analyzeQuery(text);
    // Nothing searchable (only emoji or punctuation): no match, rather than everything.
    if (required.length === 0) return [];
    return this.text.matchAll(required).flatMap((id) => this.scored(id, this.text.score(id, scoring)));
  }

  private scored(id: string, score: number): Scored[] {
    const book = this.books.get(id);
    return book ? [{ book, score }] : [];
  }
}

function passes(book: IndexedBook, q: SearchQuery): boolean {
  return (
    (q.categoryId === undefined || book.categoryId === q.categoryId) &&
    (q.minPriceCents === undefined || book.priceCents >= q.minPriceCents) &&
    (q.maxPriceCents === undefined || book.priceCents <= q.maxPriceCents) &&
    (q.inStock === undefined || book.inStock === q.inStock) &&
    (q.language === undefined || book.language.toLowerCase() === q.language)
  );
}

/** Every order ends in a tie-break on the id, so equal scores or prices page the same way every time. */
function comparator(q: SearchQuery): (a: Scored, b: Scored) => number {
  const byId = (a: Scored, b: Scored) => compareIds(a.book.id, b.book.id);
  const newest = (a: Scored, b: Scored) => b.book.createdAtMs - a.book.createdAtMs || -byId(a, b);
  switch (q.sort) {
    case "price_asc":
      return (a, b) => a.book.priceCents - b.book.priceCents || byId(a, b);
    case "price_desc":
      return (a, b) => b.book.priceCents - a.book.priceCents || byId(a, b);
    case "newest":
      return newest;
    case "relevance":
      return q.text === "" ? newest : (a, b) => b.score - a.score || byId(a, b);
  }
}
