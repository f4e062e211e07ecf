import { patchBook, type Book, type BookPatch } from "./book.js";
import { bookUpdated } from "./catalog-events.js";
import type { CatalogStore } from "./catalog-store.js";
import { isbnTaken } from "./errors.js";
import { existingCategory, liveBook } from "./live-book.js";
import type { Clock } from "./ports.js";

/** Changes the fields present in the patch; ISBN stays unique and the category must exist. */
export class UpdateBook {
  constructor(private readonly deps: { store: CatalogStore; clock: Clock }) {}

  async execute(input: { id: string; patch: BookPatch }): Promise<Book> {
    return this.deps.store.transaction(async ({ books, categories, outbox }) => {
      const book = await liveBook(books, input.id);
      const next = patchBook(book, input.patch, this.deps.clock.now().getTime());
      if (next.categoryId !== book.categoryId) await existingCategory(categories, "categoryId", next.categoryId);
      if (next.isbn !== book.isbn) {
        const holder = await books.liveByIsbn(next.isbn);
        if (holder && holder.id !== book.id) throw isbnTaken(next.isbn);
      }
      await books.update(next);
      await outbox.add([bookUpdated(next.id)], next.updatedAtMs);
      return next;
    });
  }
}
