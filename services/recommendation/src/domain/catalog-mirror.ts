import { ContentIndex, type BookFeatures, type SimilarBook } from "./content-index.js";
import { compareNewest } from "./newest.js";

/**
 * This service's read-only copy of what it needs from the catalogue (titles, authors, categories, listed or
 * deleted), kept current by following the catalog's change feed (jobs/catalog-sync-loop.ts). It names the books in
 * reasons, groups them by category, finds content-similar books and fills a page when nothing else can.
 */
export class CatalogMirror {
  private readonly books = new Map<string, BookFeatures>();
  private categories: ReadonlyMap<string, string> = new Map();
  private readonly content = new ContentIndex();
  /** Listed books newest first, recomputed after a change when first asked for. */
  private newestIds: string[] | undefined;
  private readonly newestByCategory = new Map<string, string[]>();

  /** Books in the mirror, deleted ones included. */
  get size(): number {
    return this.books.size;
  }

  put(books: readonly BookFeatures[]): void {
    let changed = false;
    for (const book of books) {
      // The feed also carries stock-only changes: nothing this mirror holds moved, so nothing is recomputed.
      if (sameFeatures(this.books.get(book.id), book)) continue;
      this.books.set(book.id, book);
      this.content.put(book);
      changed = true;
    }
    if (!changed) return;
    this.newestIds = undefined;
    this.newestByCategory.clear();
  }

  setCategoryNames(names: ReadonlyMap<string, string>): void {
    this.categories = names;
  }

  get(bookId: string): BookFeatures | undefined {
    return this.books.get(bookId);
  }

  /** Known and not deleted. */
  isListed(bookId: string): boolean {
    const book = this.books.get(bookId);
    return book !== undefined && !book.deleted;
  }

  /** Known to be deleted; a book the mirror has not seen yet (it lags the catalog by a moment) is not. */
  isGone(bookId: string): boolean {
    return this.books.get(bookId)?.deleted === true;
  }

  categoryOf(bookId: string): string | undefined {
    return this.books.get(bookId)?.categoryId;
  }

  categoryName(categoryId: string): string | undefined {
    return this.categories.get(categoryId);
  }

  categoryIds(): string[] {
    return [...this.categories.keys()];
  }

  /** Listed books, newest first, optionally of one category. */
  newest(limit: number, categoryId?: string): string[] {
    if (!this.newestIds) {
      const listed = [...this.books.values()].filter((b) => !b.deleted).sort(compareNewest);
      this.newestIds = listed.map((b) => b.id);
      // One pass for every category: a page asks for the newest of each.
      for (const b of listed) {
        const ids = this.newestByCategory.get(b.categoryId) ?? [];
        if (ids.length === 0) this.newestByCategory.set(b.categoryId, ids);
        ids.push(b.id);
      }
    }
    const ids = categoryId === undefined ? this.newestIds : (this.newestByCategory.get(categoryId) ?? []);
    return ids.slice(0, limit);
  }

  similar(bookId: string, limit: number): SimilarBook[] {
    return this.content.similar(bookId, limit);
  }
}

function sameFeatures(a: BookFeatures | undefined, b: BookFeatures): boolean {
  return (
    a !== undefined &&
    a.title === b.title &&
    a.categoryId === b.categoryId &&
    a.createdAtMs === b.createdAtMs &&
    a.deleted === b.deleted &&
    a.authors.length === b.authors.length &&
    a.authors.every((author, i) => author === b.authors[i])
  );
}
