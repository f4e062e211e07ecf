import type { BookFilter, BookPage } from "./book-repository.js";
import type { CatalogStore } from "./catalog-store.js";
import { normalizeIsbn } from "./isbn.js";
import { pageWindow } from "./page-request.js";

export interface ListBooksInput {
  page: number;
  size: number;
  /** "" = any. */
  categoryId: string;
  language: string;
  isbn: string;
  /** Who asks, when known: their own recent writes are visible (read-your-writes). */
  viewerId?: string;
}

/** Live books, newest first, optionally filtered; the total counts every match. */
export class ListBooks {
  constructor(private readonly deps: { store: CatalogStore }) {}

  async execute(input: ListBooksInput): Promise<BookPage> {
    const { offset, limit } = pageWindow(input.page, input.size);
    const filter: BookFilter = {
      ...(input.categoryId ? { categoryId: input.categoryId } : {}),
      ...(input.language ? { language: input.language.trim().toLowerCase() } : {}),
      ...(input.isbn ? { isbn: normalizeIsbn(input.isbn) } : {}),
    };
    return this.deps.store.reads({ userId: input.viewerId }).books.list(filter, { offset, limit });
  }
}
