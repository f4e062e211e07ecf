import { DEFAULT_CHANGES_PER_PAGE, MAX_CHANGES_PER_PAGE, type ChangeCursor, type ChangePage } from "./book-change.js";
import type { CatalogStore } from "./catalog-store.js";
import { badField } from "./errors.js";

/**
 * The feed the search index follows: books (deleted ones included) whose data or stock changed strictly after
 * the cursor, oldest change first, with their stock. An empty page hands the cursor back unchanged.
 */
export class ListBookChanges {
  constructor(private readonly deps: { store: CatalogStore }) {}

  async execute(input: { after: ChangeCursor; limit: number }): Promise<ChangePage> {
    const limit = input.limit === 0 ? DEFAULT_CHANGES_PER_PAGE : input.limit;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_CHANGES_PER_PAGE)
      throw badField("limit", `must be 1 to ${MAX_CHANGES_PER_PAGE}`, { max: MAX_CHANGES_PER_PAGE });
    if (!Number.isSafeInteger(input.after.changedAtMs) || input.after.changedAtMs < 0)
      throw badField("afterChangedAtMs", "must be a non-negative integer");
    const { books, stock } = this.deps.store;
    const changes = await books.changesAfter(input.after, limit);
    const last = changes.at(-1);
    return {
      books: changes.map((c) => c.book),
      stocks: changes.length === 0 ? [] : await stock.byBookIds(changes.map((c) => c.book.id)),
      next: last ? { changedAtMs: last.changedAtMs, id: last.book.id } : input.after,
    };
  }
}
