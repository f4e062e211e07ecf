import { authorKey, titleTerms } from "./title-terms.js";

/** What recommendations need to know about a catalog book. */
export interface BookFeatures {
  readonly id: string;
  readonly title: string;
  readonly authors: readonly string[];
  readonly categoryId: string;
  readonly createdAtMs: number;
  readonly deleted: boolean;
}

/** Why two books are alike by content; the first that applies, strongest first. */
export type ContentMatch = "same_author" | "similar_title";

export interface SimilarBook {
  readonly bookId: string;
  readonly similarity: number;
  readonly match: ContentMatch;
}

const AUTHOR_WEIGHT = 0.6;
const TITLE_WEIGHT = 0.3;
const CATEGORY_WEIGHT = 0.1;
/** Below this a shared title word is coincidence ("Introduction to …"). */
const MIN_TITLE_SIMILARITY = 0.25;
/** Terms in more titles than this say little (版, 第, "guide") and would make a lookup scan the catalogue. */
const maxTermBooks = (books: number) => Math.max(50, Math.floor(books * 0.05));
/** A prolific author's other books: enough to fill any page. */
const MAX_PER_AUTHOR = 200;
/** Terms kept per title: bounds the index at about this many entries per book. */
const MAX_TERMS = 16;

interface Entry {
  readonly categoryId: string;
  readonly authors: readonly string[];
  readonly terms: readonly string[];
}

/**
 * Content similarity for books nobody has read together yet (new in the catalogue): same author counts most, then
 * shared title words (idf-weighted cosine, so rare words count more), then the same category as a tie-breaker.
 */
export class ContentIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly byAuthor = new Map<string, Set<string>>();
  private readonly byTerm = new Map<string, Set<string>>();

  put(book: BookFeatures): void {
    this.remove(book.id);
    if (book.deleted) return;
    const entry: Entry = {
      categoryId: book.categoryId,
      authors: [...new Set(book.authors.map(authorKey).filter((a) => a !== ""))],
      terms: [...titleTerms(book.title)].slice(0, MAX_TERMS),
    };
    this.entries.set(book.id, entry);
    for (const a of entry.authors) addTo(this.byAuthor, a, book.id);
    for (const t of entry.terms) addTo(this.byTerm, t, book.id);
  }

  remove(bookId: string): void {
    const entry = this.entries.get(bookId);
    if (!entry) return;
    this.entries.delete(bookId);
    for (const a of entry.authors) removeFrom(this.byAuthor, a, bookId);
    for (const t of entry.terms) removeFrom(this.byTerm, t, bookId);
  }

  /** The books most like `bookId` by author and title, best first; empty for an unknown book. */
  similar(bookId: string, limit: number): SimilarBook[] {
    const mine = this.entries.get(bookId);
    if (!mine) return [];
    const sameAuthor = new Set<string>();
    for (const a of mine.authors) for (const other of [...(this.byAuthor.get(a) ?? [])].slice(0, MAX_PER_AUTHOR)) sameAuthor.add(other);
    const dots = this.titleDots(mine);
    const myNorm = this.norm(mine);
    const out: SimilarBook[] = [];
    for (const other of new Set([...sameAuthor, ...dots.keys()])) {
      const theirs = this.entries.get(other);
      if (other === bookId || !theirs) continue;
      const cosine = (dots.get(other) ?? 0) / (myNorm * this.norm(theirs) || 1);
      const title = cosine >= MIN_TITLE_SIMILARITY ? cosine : 0;
      const author = sameAuthor.has(other);
      if (!author && title === 0) continue;
      const similarity =
        (author ? AUTHOR_WEIGHT : 0) + TITLE_WEIGHT * title + (theirs.categoryId === mine.categoryId ? CATEGORY_WEIGHT : 0);
      out.push({ bookId: other, similarity, match: author ? "same_author" : "similar_title" });
    }
    return out.sort((a, b) => b.similarity - a.similarity || (a.bookId < b.bookId ? -1 : 1)).slice(0, limit);
  }

  private idf(term: string): number {
    return Math.log(1 + this.entries.size / (this.byTerm.get(term)?.size ?? 1));
  }

  private norm(entry: Entry): number {
    return Math.sqrt(entry.terms.reduce((sum, t) => sum + this.idf(t) ** 2, 0));
  }

  private titleDots(mine: Entry): Map<string, number> {
    const dots = new Map<string, number>();
    const tooCommon = maxTermBooks(this.entries.size);
    for (const t of mine.terms) {
      const books = this.byTerm.get(t);
      if (!books || books.size > tooCommon) continue;
      const w = this.idf(t) ** 2;
      for (const other of books) dots.set(other, (dots.get(other) ?? 0) + w);
    }
    return dots;
  }
}

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  let set = index.get(key);
  if (!set) {
    set = new Set();
    index.set(key, set);
  }
  set.add(id);
}

function removeFrom(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key);
  set?.delete(id);
  if (set?.size === 0) index.delete(key);
}
