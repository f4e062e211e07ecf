import type { CatalogStore } from "./catalog-store.js";
import { stockNotFound } from "./errors.js";
import { liveBook } from "./live-book.js";
import type { Stock } from "./stock.js";

export class GetStock {
  constructor(private readonly deps: { store: CatalogStore }) {}

  async execute(input: { bookId: string }): Promise<Stock> {
    const { books, stock } = this.deps.store;
    await liveBook(books, input.bookId);
    const row = await stock.byBookId(input.bookId);
    if (!row) throw stockNotFound(input.bookId);
    return row;
  }
}
