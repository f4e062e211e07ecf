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

/** Called once per matching book per search: a plain loop, no closure. */
export function priceBucketIndex(priceCents: number): number {
  for (let i = PRICE_BUCKETS.length - 1; i > 0; i--) if (priceCents >= (PRICE_BUCKETS[i]?.min ?? 0)) return i;
  return 0;
}

/**
 * Values are few (categories, languages) while books are many: each value gets a small code once, and a search
 * counts codes in a typed array instead of strings in a map.
 */
export class FacetCodes {
  private readonly codes = new Map<string, number>();
  private readonly values: string[] = [];

  codeOf(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.codes.set(value, code);
      this.values.push(value);
    }
    return code;
  }

  /** The value's code if any book has had it; undefined otherwise. */
  existingCode(value: string): number | undefined {
    return this.codes.get(value);
  }

  get size(): number {
    return this.values.length;
  }

  /** Most frequent first, then by value, so the order is stable between identical requests; empty values left out. */
  counted(counts: Uint32Array): FacetCount[] {
    const out: FacetCount[] = [];
    counts.forEach((count, code) => {
      const value = this.values[code];
      if (count > 0 && value) out.push({ value, count });
    });
    return out.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  }
}

/** Price buckets keep their natural order; empty ones are left out. */
export function priceFacets(counts: Uint32Array): FacetCount[] {
  return PRICE_BUCKETS.flatMap((b, i) => ((counts[i] ?? 0) > 0 ? [{ value: b.value, count: counts[i] ?? 0 }] : []));
}
