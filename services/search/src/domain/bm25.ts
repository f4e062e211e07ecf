import type { FieldKind } from "./text-analysis.js";

/**
 * Searchable fields: a title hit outweighs an author hit, which outweighs publisher/category, then description.
 * "pinyin" holds the pinyin of Chinese titles and names, weighted like an author hit.
 */
export const FIELD_BOOSTS = { title: 3, authors: 2, publisher: 1, category: 1, description: 0.5, pinyin: 2 } as const;
export type Field = keyof typeof FIELD_BOOSTS;
export type Fields = Readonly<Record<Field, string>>;
export const FIELDS = Object.keys(FIELD_BOOSTS) as Field[];
export const FIELD_COUNT = FIELDS.length;
const BOOSTS = Float64Array.from(FIELDS.map((f) => FIELD_BOOSTS[f]));
export const KINDS: readonly FieldKind[] = FIELDS.map((f) => (f === "description" ? "long" : f === "pinyin" ? "pinyin" : "short"));

// BM25 constants (the usual defaults).
const K1 = 1.2;
const B = 0.75;

/**
 * Per-field term frequencies packed into one small integer (6+6+4+4+8+2 = 30 bits, so V8 keeps it unboxed): a
 * field's count saturates at its cap, long after BM25 has stopped caring.
 */
const TF_BITS = [6, 6, 4, 4, 8, 2] as const;
export const TF_SHIFTS = Int32Array.from(TF_BITS.map((_, f) => TF_BITS.slice(0, f).reduce((s, b) => s + b, 0)));
export const TF_CAPS = Int32Array.from(TF_BITS.map((b) => (1 << b) - 1));
/** Field lengths are kept as 16-bit counts. */
export const MAX_LENGTH = 0xffff;
/** Cached saturations stay valid while every field's average length is within this of what they were computed with. */
const NORM_TOLERANCE = 0.02;

/** Inverse document frequency of a term found in df of n documents. */
export function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/**
 * BM25's saturated, length-normalized term frequency of one posting, summed over fields with their boosts.
 * `lengths` holds FIELD_COUNT lengths per slot; `inverseAverages` is 1 / average length per field.
 */
export function saturated(lengths: Uint16Array, slot: number, packed: number, inverseAverages: Float64Array): number {
  let weighted = 0;
  const base = slot * FIELD_COUNT;
  for (let f = 0; f < FIELD_COUNT; f++) {
    const tf = (packed >>> (TF_SHIFTS[f] ?? 0)) & (TF_CAPS[f] ?? 0);
    if (tf === 0) continue;
    const relativeLength = (lengths[base + f] ?? 0) * (inverseAverages[f] ?? 1);
    weighted += ((BOOSTS[f] ?? 1) * tf) / (1 - B + B * relativeLength);
  }
  return (weighted * (K1 + 1)) / (K1 + weighted);
}

/** Whether scores computed with norms `a` still stand for norms `b`. */
export function closeNorms(a: Float64Array, b: Float64Array): boolean {
  for (let f = 0; f < FIELD_COUNT; f++) {
    const x = a[f] ?? 1;
    const y = b[f] ?? 1;
    if (Math.abs(x - y) > NORM_TOLERANCE * Math.max(x, y)) return false;
  }
  return true;
}
