import type { Book } from "./book.js";
import type { CatalogStore } from "./catalog-store.js";
import { liveBook } from "./live-book.js";

export class GetBook {
  constructor(private readonly deps: { store: CatalogStore }) {}

  async execute(input: { id: string; viewerId?: string }): Promise<Book> {
    return liveBook(this.deps.store.reads({ userId: input.viewerId }).books, input.id);
  }
}
