import { softDelete } from "./book.js";
import { bookDeleted } from "./catalog-events.js";
import type { CatalogStore } from "./catalog-store.js";
import { liveBook } from "./live-book.js";
import type { Clock } from "./ports.js";

/**
 * Soft delete: the book disappears from reads and lists and frees its ISBN, but stays in the change feed
 * (deleted=true) so the search index drops it, and orders that name it keep their history.
 */
export class DeleteBook {
  constructor(private readonly deps: { store: CatalogStore; clock: Clock }) {}

  async execute(input: { id: string }): Promise<void> {
    return this.deps.store.transaction(async ({ books, outbox }) => {
      const book = await liveBook(books, input.id);
      const nowMs = this.deps.clock.now().getTime();
      await books.update(softDelete(book, nowMs));
      await outbox.add([bookDeleted(book.id)], nowMs);
    });
  }
}
