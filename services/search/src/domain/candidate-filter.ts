import type { BookColumns } from "./book-columns.js";

/** Books that matched the text, as parallel arrays indexed 0 … count−1. */
export interface Candidates {
  readonly count: number;
  readonly slots: Int32Array;
  readonly scores: Float64Array;
  /** 0 when the book matched every word of the query, 1 when it misses one (shown after all full matches). */
  readonly tiers: Uint8Array;
}

/** A filter value meaning "any": no facet code or stock flag is negative. */
export const ANY = -2;

/** The filters as column values: facet codes, 0/1 for stock, a price range; ANY where the query sets none. */
export interface ColumnFilter {
  readonly category: number;
  readonly language: number;
  readonly publisher: number;
  readonly inStock: number;
  readonly minPriceCents: number;
  readonly maxPriceCents: number;
}

/** Where the filtered candidates and the facet counts go (scratch arrays with room for every candidate). */
export interface FilterOutput {
  readonly slots: Int32Array;
  readonly scores: Float64Array;
  readonly tiers: Uint8Array;
  readonly sold: Float64Array;
  readonly categoryCounts: Uint32Array;
  readonly languageCounts: Uint32Array;
  readonly priceCounts: Uint32Array;
}

/** Small nudges: a book one can buy now, and one that sells, edge ahead of an otherwise equal match. */
const IN_STOCK_BOOST = 0.05;
const SALES_BOOST = 0.1;
const SALES_HALF_BOOST_UNITS = 10;

/**
 * Keeps the candidates that pass the filters, boosted for stock and recent sales (`sold` by slot, empty while nothing
 * sold), and counts their facets in the same pass; returns how many were kept. This loop runs once per match (100k
 * for a broad query), so it is a function of its own reading only typed arrays: V8 optimizes it once and for all
 * instead of deoptimizing a larger method at the code that follows the loop.
 */
export function filterCandidates(columns: BookColumns, c: Candidates, f: ColumnFilter, sold: Float64Array, out: FilterOutput): number {
  const { live, inStock, priceCents, priceBucket, category, language, publisher } = columns;
  const { count: candidates, slots: candidateSlots, scores: candidateScores, tiers: candidateTiers } = c;
  const { slots, scores, tiers, sold: soldOut, categoryCounts, languageCounts, priceCounts } = out;
  const wantCategory = f.category;
  const wantLanguage = f.language;
  const wantPublisher = f.publisher;
  const wantStock = f.inStock;
  const min = f.minPriceCents;
  const max = f.maxPriceCents;
  const anySold = sold.length > 0;
  let count = 0;
  for (let i = 0; i < candidates; i++) {
    const slot = candidateSlots[i] ?? 0;
    if (live[slot] === 0) continue;
    const cat = category[slot] ?? 0;
    const lang = language[slot] ?? 0;
    const stocked = inStock[slot] ?? 0;
    if (wantCategory !== ANY && cat !== wantCategory) continue;
    if (wantLanguage !== ANY && lang !== wantLanguage) continue;
    if (wantPublisher !== ANY && publisher[slot] !== wantPublisher) continue;
    if (wantStock !== ANY && stocked !== wantStock) continue;
    const price = priceCents[slot] ?? 0;
    if (price < min || price > max) continue;
    const units = anySold ? (sold[slot] ?? 0) : 0;
    let boost = stocked === 1 ? 1 + IN_STOCK_BOOST : 1;
    if (units > 0) boost *= 1 + (SALES_BOOST * units) / (units + SALES_HALF_BOOST_UNITS);
    slots[count] = slot;
    scores[count] = (candidateScores[i] ?? 0) * boost;
    tiers[count] = candidateTiers[i] ?? 0;
    soldOut[count] = units;
    count++;
    const bucket = priceBucket[slot] ?? 0;
    categoryCounts[cat] = (categoryCounts[cat] ?? 0) + 1;
    languageCounts[lang] = (languageCounts[lang] ?? 0) + 1;
    priceCounts[bucket] = (priceCounts[bucket] ?? 0) + 1;
  }
  return count;
}

/** What the text matched, per matching book: its slot, summed clause score and how many must/should clauses it met. */
export interface MatchCounts {
  readonly count: number;
  readonly slots: Int32Array;
  readonly scores: Float64Array;
  readonly must: Uint16Array;
  readonly should: Uint16Array;
}

/**
 * How far a query may relax: 0 only full matches; 1 also books missing one "should" word; 2 also books missing any
 * one word. Relaxing needs two words or more, and fewer full matches than `relaxBelow`.
 */
export function relaxation(m: MatchCounts, must: number, should: number, relaxBelow: number): 0 | 1 | 2 {
  if (must + should < 2) return 0;
  const { count, must: mustMet, should: shouldMet } = m;
  let full = 0;
  let oneShouldMissing = 0;
  for (let i = 0; i < count; i++) {
    if (mustMet[i] !== must) continue;
    const met = shouldMet[i];
    if (met === should) full++;
    else if (met === should - 1) oneShouldMissing++;
  }
  if (full >= relaxBelow) return 0;
  return full > 0 || oneShouldMissing > 0 ? 1 : 2;
}

/** Copies the matches that qualify under `relax` into `out` with their tier (0 full, 1 relaxed); returns how many. */
export function tierMatches(m: MatchCounts, must: number, should: number, relax: 0 | 1 | 2, out: Candidates): number {
  const { count: matches, slots: matchedSlots, scores: matchedScores, must: mustMetAt, should: shouldMetAt } = m;
  const { slots, scores, tiers } = out;
  const words = must + should;
  let count = 0;
  for (let i = 0; i < matches; i++) {
    const mustMet = mustMetAt[i] ?? 0;
    const shouldMet = shouldMetAt[i] ?? 0;
    let tier: number;
    if (mustMet === must && shouldMet === should) tier = 0;
    else if (relax === 1 && mustMet === must && shouldMet === should - 1) tier = 1;
    else if (relax === 2 && mustMet + shouldMet === words - 1) tier = 1;
    else continue;
    slots[count] = matchedSlots[i] ?? 0;
    scores[count] = matchedScores[i] ?? 0;
    tiers[count] = tier;
    count++;
  }
  return count;
}
