import { newBook, type Book, type BookFields } from "./book.js";
import { bookUpdated, stockChanged } from "./catalog-events.js";
import type { CatalogStore } from "./catalog-store.js";
import { isbnTaken } from "./errors.js";
import { existingCategory } from "./live-book.js";
import type { Clock, Ids } from "./ports.js";
import { availableField } from "./stock.js";

export interface CreateBookInput extends BookFields {
  /** Initial available stock. */
  readonly stock: number;
}

/** A new book and its stock row, together or not at all. */
export class CreateBook {
  constructor(private readonly deps: { store: CatalogStore; clock: Clock; ids: Ids }) {}

  async execute(input: CreateBookInput): Promise<Book> {
    const book = newBook(this.deps.ids.next(), input, this.deps.clock.now().getTime());
    const available = availableField(input.stock);
    return this.deps.store.transaction(async ({ books, categories, stock, outbox }) => {
      await existingCategory(categories, "categoryId", book.categoryId);
      // The unique index decides under a race; this check gives the usual case a clear message first.
      if (await books.liveByIsbn(book.isbn)) throw isbnTaken(book.isbn);
      await books.insert(book);
      await stock.create(book.id, available);
      await outbox.add([bookUpdated(book.id), stockChanged({ bookId: book.id, available, reserved: 0, version: 1 })], book.updatedAtMs);
      return book;
    });
  }
}
