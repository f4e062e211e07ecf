import { booksListed, stockChanged } from "./catalog-events.js";
import type { CatalogStore } from "./catalog-store.js";
import { LISTING_FAILURES } from "./listing.js";
import type { Clock } from "./ports.js";
import { compareIds } from "./stock.js";

export interface ListingWrite {
  readonly isbn: string;
  readonly stock: number;
}

/** Per write, in input order: the book it listed, or why not. */
export type ListingOutcome = { readonly bookId: string } | { readonly reason: string };

/**
 * Applies many listings in one transaction: one lookup of the books by ISBN, one multi-row stock upsert and
 * one change-feed stamp for all of them, so the search index picks the new counts up.
 * When a batch lists one book twice, the later write wins (the batch is in queue order).
 */
export class ApplyListings {
  constructor(private readonly deps: { store: CatalogStore; clock: Clock }) {}

  async execute(writes: readonly ListingWrite[]): Promise<ListingOutcome[]> {
    if (writes.length === 0) return [];
    const nowMs = this.deps.clock.now().getTime();
    return this.deps.store.transaction(async ({ books, stock, outbox }) => {
      const idByIsbn = await books.liveIdsByIsbn([...new Set(writes.map((w) => w.isbn))]);
      const latest = new Map<string, number>();
      const outcomes = writes.map((w): ListingOutcome => {
        const bookId = idByIsbn.get(w.isbn);
        if (bookId === undefined) return { reason: LISTING_FAILURES.unknownBook };
        latest.set(bookId, w.stock);
        return { bookId };
      });
      if (latest.size > 0) {
        // Sorted: concurrent batches lock stock rows in one order, so they cannot deadlock each other.
        const rows = [...latest].map(([bookId, available]) => ({ bookId, available }));
        rows.sort((a, b) => compareIds(a.bookId, b.bookId));
        await stock.upsertAvailable(rows);
        await books.touch(rows.map((r) => r.bookId), nowMs);
        const listed = rows.map((r) => r.bookId);
        // One book.listed for the batch, plus each book's resulting counts (reserved units may exist).
        await outbox.add([booksListed(listed), ...(await stock.byBookIds(listed)).map(stockChanged)], nowMs);
      }
      return outcomes;
    });
  }
}
