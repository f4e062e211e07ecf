import type { CatalogStore } from "./catalog-store.js";
import { stockNotFound } from "./errors.js";
import { liveBook } from "./live-book.js";
import type { Stock } from "./stock.js";

export class GetStock {
  constructor(private readonly deps: { store: CatalogStore }) {}

  async execute(input: { bookId: string; viewerId?: string }): Promise<Stock> {
    // One copy answers both reads, so the book and its stock agree.
    const { books, stock } = this.deps.store.reads({ userId: input.viewerId });
    await liveBook(books, input.bookId);
    const row = await stock.byBookId(input.bookId);
    if (!row) throw stockNotFound(input.bookId);
    return row;
  }
}
