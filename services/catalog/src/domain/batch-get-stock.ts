import { MAX_BATCH_IDS } from "./batch-get-books.js";
import type { CatalogStore } from "./catalog-store.js";
import { badField } from "./errors.js";
import type { Stock } from "./stock.js";

/** Stock of the live books among `bookIds`, in request order; unknown and deleted books are left out. */
export class BatchGetStock {
  constructor(private readonly deps: { store: CatalogStore }) {}

  async execute(input: { bookIds: readonly string[]; viewerId?: string }): Promise<Stock[]> {
    const ids = [...new Set(input.bookIds)];
    if (ids.length > MAX_BATCH_IDS) throw badField("bookIds", `must hold at most ${MAX_BATCH_IDS} ids`, { max: MAX_BATCH_IDS });
    if (ids.length === 0) return [];
    const { books, stock } = this.deps.store.reads({ userId: input.viewerId });
    const live = (await books.byIds(ids)).filter((b) => !b.deleted).map((b) => b.id);
    if (live.length === 0) return [];
    const byId = new Map((await stock.byBookIds(live)).map((s) => [s.bookId, s]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }
}
