import type { CatalogMirror } from "./catalog-mirror.js";
import type { NewestBooks } from "./catalog-port.js";

/** Newest first; equal times by the larger (later) Snowflake id, so the order is the same every time. */
export function compareNewest(a: { id: string; createdAtMs: number }, b: { id: string; createdAtMs: number }): number {
  if (a.createdAtMs !== b.createdAtMs) return b.createdAtMs - a.createdAtMs;
  if (a.id.length !== b.id.length) return b.id.length - a.id.length;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** The mirror's newest books once it has synced; until then (just started) the catalog's own first page. */
export class NewestListed implements NewestBooks {
  constructor(
    private readonly mirror: CatalogMirror,
    private readonly catalog: NewestBooks,
  ) {}

  newest(limit: number): Promise<string[]> {
    return this.mirror.size > 0 ? Promise.resolve(this.mirror.newest(limit)) : this.catalog.newest(limit);
  }
}
