import { closeNorms, saturated } from "./bm25.js";
import type { Chain, Postings } from "./scoring-loops.js";

/** Lists at least this long keep their postings' BM25 saturations between queries: the broad terms, where it pays. */
export const MIN_CACHED_POSTINGS = 2_048;
/** Saturations cached over all terms; past it the cache starts over (a bound, not a policy worth tuning). */
const MAX_CACHED_SATURATIONS = 4_000_000;
/** Chains kept at once; past it the cache starts over. */
const MAX_CACHED_CHAINS = 64;

/** A long posting list's saturations, in posting order, and the field norms they were computed with. */
interface Saturations {
  readonly values: Float32Array;
  readonly norms: Float64Array;
}

/**
 * What a broad query would otherwise compute again on every search: the BM25 saturation of each posting of a long
 * list (dropped when the list changes or the average field lengths drift), and a CJK word's bigram-chain
 * intersection (dropped when the index's text changes at all). Stock and price changes touch neither.
 */
export class ScoreCaches {
  private readonly saturations = new Map<string, Saturations>();
  private saturationCount = 0;
  private readonly chains = new Map<string, Chain & { readonly revision: number }>();

  /** The list's saturations, computed now if missing or stale; undefined for a short list (not worth keeping). */
  saturationsOf(term: string, list: Postings, lengths: Uint16Array, norms: Float64Array): Float32Array | undefined {
    if (list.length < 2 * MIN_CACHED_POSTINGS) return undefined;
    const cached = this.saturations.get(term);
    if (cached && cached.values.length === list.length / 2 && closeNorms(cached.norms, norms)) return cached.values;
    this.forget(term);
    if (this.saturationCount + list.length / 2 > MAX_CACHED_SATURATIONS) {
      this.saturations.clear();
      this.saturationCount = 0;
    }
    const values = new Float32Array(list.length / 2);
    for (let i = 0; i < list.length; i += 2) values[i >> 1] = saturated(lengths, list[i] ?? 0, list[i + 1] ?? 0, norms);
    this.saturations.set(term, { values, norms: norms.slice() });
    this.saturationCount += values.length;
    return values;
  }

  /** The term's list changed. */
  forget(term: string): void {
    const cached = this.saturations.get(term);
    if (!cached) return;
    this.saturationCount -= cached.values.length;
    this.saturations.delete(term);
  }

  /** The chain of these terms as of text revision `revision`, computed now when missing or older. */
  chain(terms: readonly string[], revision: number, compute: () => Chain): Chain {
    const key = terms.join("\n");
    const cached = this.chains.get(key);
    if (cached && cached.revision === revision) return cached;
    const chain = { ...compute(), revision };
    if (this.chains.size >= MAX_CACHED_CHAINS) this.chains.clear();
    this.chains.set(key, chain);
    return chain;
  }
}
