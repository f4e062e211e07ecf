import { stockChanged } from "./catalog-events.js";
import type { CatalogStore } from "./catalog-store.js";
import { stockNotFound } from "./errors.js";
import { liveBook } from "./live-book.js";
import type { Clock } from "./ports.js";
import { availableField, type Stock } from "./stock.js";

/** A stock count (goods in, stocktake): sets what is available now; reserved units stay reserved. */
export class SetStock {
  constructor(private readonly deps: { store: CatalogStore; clock: Clock }) {}

  async execute(input: { bookId: string; available: number }): Promise<Stock> {
    const available = availableField(input.available);
    return this.deps.store.transaction(async ({ books, stock, outbox }) => {
      await liveBook(books, input.bookId);
      const next = await stock.setAvailable(input.bookId, available);
      if (!next) throw stockNotFound(input.bookId);
      const nowMs = this.deps.clock.now().getTime();
      await books.touch([input.bookId], nowMs);
      await outbox.add([stockChanged(next)], nowMs);
      return next;
    });
  }
}
