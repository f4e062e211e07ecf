import { compareSlotIds, type BookColumns } from "./book-columns.js";
import type { Candidates } from "./candidate-filter.js";
import type { IndexedBook } from "./indexed-book.js";
import type { SearchQuery } from "./search-query.js";
import { topKByKey } from "./top-k.js";

/** Candidates that passed the filters, with boosted scores and recent sales. */
export interface RankedCandidates extends Candidates {
  readonly sold: Float64Array;
}

/**
 * The first k of the ranked candidates (positions into them) in the order the query asks for, full matches before
 * relaxed ones whatever the order; every order ends in a tie-break on the id. `keys` is scratch with room for every
 * candidate.
 */
export function firstInOrder(
  q: SearchQuery,
  r: RankedCandidates,
  k: number,
  at: { columns: BookColumns; bySlot: readonly (IndexedBook | undefined)[]; keys: Float64Array },
): number[] {
  const { slots, scores, sold } = r;
  const { columns, bySlot, keys } = at;
  const { priceCents, createdAtMs } = columns;
  const byId = (a: number, b: number) => compareSlotIds(columns, bySlot, slots[a] ?? 0, slots[b] ?? 0);
  const newerId = (a: number, b: number) => -byId(a, b);
  const keyed = (key: (slot: number) => number) => {
    for (let i = 0; i < r.count; i++) keys[i] = key(slots[i] ?? 0);
    return keys;
  };
  const relevance = q.text === "" ? "newest" : "score";
  switch (q.sort === "relevance" ? relevance : q.sort) {
    case "price_asc":
      return topKByKey(r.count, k, r.tiers, keyed((slot) => -(priceCents[slot] ?? 0)), byId);
    case "price_desc":
      return topKByKey(r.count, k, r.tiers, keyed((slot) => priceCents[slot] ?? 0), byId);
    case "newest":
      return topKByKey(r.count, k, r.tiers, keyed((slot) => createdAtMs[slot] ?? 0), newerId, { fromEnd: true });
    case "bestselling": {
      // Ties in sales (most books sold nothing) go by relevance, or newest without text.
      const then =
        q.text === ""
          ? (a: number, b: number) => (createdAtMs[slots[b] ?? 0] ?? 0) - (createdAtMs[slots[a] ?? 0] ?? 0) || newerId(a, b)
          : (a: number, b: number) => (scores[b] ?? 0) - (scores[a] ?? 0) || byId(a, b);
      return topKByKey(r.count, k, r.tiers, sold, then, { fromEnd: q.text === "" });
    }
    default:
      return topKByKey(r.count, k, r.tiers, scores, byId);
  }
}
