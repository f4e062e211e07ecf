import type { IndexedBook } from "./indexed-book.js";

/** Price ranges in cents, lower bound inclusive, upper exclusive. */
export const PRICE_BUCKETS: readonly { readonly value: string; readonly min: number; readonly max: number }[] = [
  { value: "0-2000", min: 0, max: 2_000 },
  { value: "2000-5000", min: 2_000, max: 5_000 },
  { value: "5000-10000", min: 5_000, max: 10_000 },
  { value: "10000+", min: 10_000, max: Number.POSITIVE_INFINITY },
];

export interface FacetCount {
  readonly value: string;
  readonly count: number;
}

export interface Facets {
  readonly category: readonly FacetCount[];
  readonly price: readonly FacetCount[];
  readonly language: readonly FacetCount[];
}

export function priceBucket(priceCents: number): string {
  return PRICE_BUCKETS.find((b) => priceCents >= b.min && priceCents < b.max)?.value ?? "0-2000";
}

/** Most frequent first, then by value, so the order is stable between identical requests. */
function byCount(counts: Map<string, number>): FacetCount[] {
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

const bump = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

/** Counts over the filtered result (every hit, not just the page). Price buckets keep their natural order. */
export function countFacets(books: Iterable<IndexedBook>): Facets {
  const category = new Map<string, number>();
  const price = new Map<string, number>();
  const language = new Map<string, number>();
  for (const b of books) {
    if (b.categoryId) bump(category, b.categoryId);
    bump(price, priceBucket(b.priceCents));
    if (b.language) bump(language, b.language);
  }
  return {
    category: byCount(category),
    price: PRICE_BUCKETS.flatMap((b) => {
      const count = price.get(b.value) ?? 0;
      return count > 0 ? [{ value: b.value, count }] : [];
    }),
    language: byCount(language),
  };
}
