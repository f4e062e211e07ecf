import type { Book } from "./book.js";
import type { CatalogStore } from "./catalog-store.js";
import { badField } from "./errors.js";

export const MAX_BATCH_IDS = 1_000;

/** The live books among `ids`, in request order, each once; unknown and deleted ids are left out. */
export class BatchGetBooks {
  constructor(private readonly deps: { store: CatalogStore }) {}

  async execute(input: { ids: readonly string[]; viewerId?: string }): Promise<Book[]> {
    const ids = [...new Set(input.ids)];
    if (ids.length > MAX_BATCH_IDS) throw badField("ids", `must hold at most ${MAX_BATCH_IDS} ids`, { max: MAX_BATCH_IDS });
    if (ids.length === 0) return [];
    const byId = new Map((await this.deps.store.reads({ userId: input.viewerId }).books.byIds(ids)).filter((b) => !b.deleted).map((b) => [b.id, b]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }
}
