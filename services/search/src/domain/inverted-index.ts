import { FIELD_COUNT, FIELDS, idf, KINDS, MAX_LENGTH, TF_CAPS, TF_SHIFTS, type Fields } from "./bm25.js";
import { MIN_CACHED_POSTINGS, ScoreCaches } from "./score-caches.js";
import {
  addClause,
  applyChain,
  collectChain,
  collectMatches,
  finishAlternative,
  ScoringScratch,
  scoreTerm,
  sumTerm,
  takeClause,
  type Postings,
} from "./scoring-loops.js";
import { analyzeField } from "./text-analysis.js";

/** One way to satisfy a clause: every term present; scored by the mean of their BM25 scores, times the weight. */
export interface Alternative {
  readonly terms: readonly string[];
  readonly weight: number;
}

/**
 * How a clause decides matching: "must" clauses always have to match; of the "should" clauses a relaxed match may
 * miss one; "optional" clauses only add score.
 */
export type ClauseRole = "must" | "should" | "optional";

/** A query word: satisfied by its best alternative. */
export interface Clause {
  readonly alternatives: readonly Alternative[];
  readonly role: ClauseRole;
}

/**
 * Documents that satisfied at least one clause, as parallel arrays (no object per match at 100k books). The arrays
 * are views of the index's scratch space: valid until its next evaluate().
 */
export interface TextMatches {
  readonly count: number;
  readonly slots: Int32Array;
  readonly scores: Float64Array;
  readonly must: Uint16Array;
  readonly should: Uint16Array;
}

/** The index as plain arrays, for a snapshot: loading it skips analysis, which dominates building an index. */
export interface InvertedIndexImage {
  /** Document id by slot; "" for a free slot. */
  readonly ids: readonly string[];
  readonly terms: readonly string[];
  /** terms.length + 1 offsets into `postings`: term i's [slot, frequencies] pairs are postings[offsets[i] … offsets[i+1]). */
  readonly offsets: Uint32Array;
  readonly postings: Int32Array;
  readonly lengths: Uint16Array;
  readonly totalLengths: Float64Array;
}

/**
 * Term → documents with per-field frequencies, scored with a field-weighted BM25 (BM25F-style). Pure, in memory.
 * Kept lean for 100k+ books: documents get dense slots (reused after removal), and each term's postings are one
 * flat array of [slot, packed frequencies] pairs. A document's term list is not stored: removal analyzes its
 * fields again. An index loaded from an image keeps its lists as views of the image's one postings array (no copy,
 * nothing for the garbage collector at a restart); a list becomes an array of its own when it first changes.
 */
export class InvertedIndex {
  private readonly postings = new Map<string, Postings>();
  private readonly slots = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  private slotCount = 0;
  private lengths = new Uint16Array(0);
  private readonly totalLengths = new Float64Array(FIELD_COUNT);
  /** Per-query arrays indexed by slot; reset after each use so a query costs only what it touches. */
  private readonly scratch = new ScoringScratch();
  private readonly caches = new ScoreCaches();
  /** Grows with every add and removal: what cached chains are checked against. */
  private revision = 0;

  get size(): number {
    return this.slots.size;
  }

  /** One past the highest slot ever used: arrays indexed by slot need this many entries. */
  get capacity(): number {
    return this.slotCount;
  }

  slotOf(id: string): number | undefined {
    return this.slots.get(id);
  }

  has(term: string): boolean {
    return this.postings.has(term);
  }

  /** Documents containing the term. */
  frequency(term: string): number {
    return (this.postings.get(term)?.length ?? 0) / 2;
  }

  /** Adds a document that is not in the index (remove it first to replace it); returns its slot. */
  add(id: string, fields: Fields): number {
    if (this.slots.has(id)) throw new Error(`document ${id} is already indexed`);
    const slot = this.freeSlots.pop() ?? this.slotCount++;
    this.revision++;
    this.ensureCapacity(slot + 1);
    this.slots.set(id, slot);
    const packed = new Map<string, number>();
    for (let f = 0; f < FIELD_COUNT; f++) {
      const terms = analyzeField(fields[FIELDS[f] ?? "title"], KINDS[f] ?? "long");
      const shift = TF_SHIFTS[f] ?? 0;
      const cap = TF_CAPS[f] ?? 0;
      for (const term of terms) {
        const current = packed.get(term) ?? 0;
        if (((current >>> shift) & cap) < cap) packed.set(term, current + (1 << shift));
      }
      const length = Math.min(MAX_LENGTH, terms.length);
      this.lengths[slot * FIELD_COUNT + f] = length;
      this.totalLengths[f] = (this.totalLengths[f] ?? 0) + length;
    }
    for (const [term, tfs] of packed) {
      this.caches.forget(term);
      const list = this.postings.get(term);
      if (list) this.writable(term, list).push(slot, tfs);
      else this.postings.set(term, [slot, tfs]);
    }
    return slot;
  }

  /** Removes a document; `fields` must be what it was added with (its terms are found by analyzing them again). */
  remove(id: string, fields: Fields): void {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    this.revision++;
    const terms = new Set(FIELDS.flatMap((field, f) => analyzeField(fields[field], KINDS[f] ?? "long")));
    for (const term of terms) {
      const known = this.postings.get(term);
      if (!known) continue;
      this.caches.forget(term);
      const list = this.writable(term, known);
      const at = findSlot(list, slot);
      if (at < 0) continue;
      // Order within a posting list does not matter: the last pair fills the hole.
      const last = list.length - 2;
      list[at] = list[last] ?? 0;
      list[at + 1] = list[last + 1] ?? 0;
      list.length = last;
      if (last === 0) this.postings.delete(term);
    }
    for (let f = 0; f < FIELD_COUNT; f++) {
      this.totalLengths[f] = (this.totalLengths[f] ?? 0) - (this.lengths[slot * FIELD_COUNT + f] ?? 0);
      this.lengths[slot * FIELD_COUNT + f] = 0;
    }
    this.slots.delete(id);
    this.freeSlots.push(slot);
  }

  /** Every document satisfying at least one clause, with its summed clause scores and how many clauses of each role it met. */
  evaluate(clauses: readonly Clause[]): TextMatches {
    // Every list here is a preallocated typed array: a query touching 100k books allocates nothing per match.
    const [only] = clauses;
    if (clauses.length === 1 && only) return this.evaluateOne(only);
    let touched = 0;
    for (const clause of clauses) {
      let clauseCount = 0;
      for (const alt of clause.alternatives) clauseCount = this.scoreAlternative(alt, clauseCount);
      touched = addClause(this.scratch, clauseCount, clause.role === "must" ? 1 : 0, clause.role === "should" ? 1 : 0, touched);
    }
    collectMatches(this.scratch, touched);
    const { touchedSlots, outScores, outMust, outShould } = this.scratch;
    return {
      count: touched,
      slots: touchedSlots.subarray(0, touched),
      scores: outScores.subarray(0, touched),
      must: outMust.subarray(0, touched),
      should: outShould.subarray(0, touched),
    };
  }

  /** One clause (a one-word query, the most common kind): its scores are the documents' scores, one pass fewer. */
  private evaluateOne(clause: Clause): TextMatches {
    let count = 0;
    for (const alt of clause.alternatives) count = this.scoreAlternative(alt, count);
    const { clauseSlots, outScores, outMust, outShould } = this.scratch;
    takeClause(this.scratch, count);
    outMust.fill(clause.role === "must" ? 1 : 0, 0, count);
    outShould.fill(clause.role === "should" ? 1 : 0, 0, count);
    return {
      count,
      slots: clauseSlots.subarray(0, count),
      scores: outScores.subarray(0, count),
      must: outMust.subarray(0, count),
      should: outShould.subarray(0, count),
    };
  }

  /**
   * Raises clauseScore[slot] to this alternative's score for every document that has all its terms; slots scored for
   * the first time in this clause are appended to clauseSlots. Returns the new count of clauseSlots.
   */
  private scoreAlternative(alt: Alternative, clauseCount: number): number {
    const lists: Postings[] = [];
    for (const term of alt.terms) {
      const list = this.postings.get(term);
      if (!list) return clauseCount;
      lists.push(list);
    }
    if (lists.length === 0) return clauseCount;
    const n = this.slots.size || 1;
    const norms = this.fieldNorms(n);
    const single = lists.length === 1;
    if (!single && lists.every((list) => list.length >= 2 * MIN_CACHED_POSTINGS)) return this.scoreChain(alt, lists, n, norms, clauseCount);
    let altTouched = 0;
    for (let l = 0; l < lists.length; l++) {
      const list = lists[l] ?? [];
      const cached = this.caches.saturationsOf(alt.terms[l] ?? "", list, this.lengths, norms);
      const termIdf = idf(n, list.length / 2);
      // One term: no intersection to wait for, the score is final. Several: summed per document, then averaged.
      if (single) return scoreTerm(this.scratch, list, cached, alt.weight * termIdf, this.lengths, norms, clauseCount);
      altTouched = sumTerm(this.scratch, list, cached, termIdf, this.lengths, norms, altTouched);
    }
    return finishAlternative(this.scratch, altTouched, lists.length, alt.weight, clauseCount);
  }

  /**
   * A multi-term alternative (a CJK word's bigram chain) over long lists: its intersection and mean scores are kept
   * until the index's text changes (stock and price changes do not touch it), so a broad query pays one pass for it.
   */
  private scoreChain(alt: Alternative, lists: readonly Postings[], n: number, norms: Float64Array, clauseCount: number): number {
    const chain = this.caches.chain(alt.terms, this.revision, () => {
      let altTouched = 0;
      lists.forEach((list, l) => {
        const saturations = this.caches.saturationsOf(alt.terms[l] ?? "", list, this.lengths, norms);
        altTouched = sumTerm(this.scratch, list, saturations, idf(n, list.length / 2), this.lengths, norms, altTouched);
      });
      return collectChain(this.scratch, altTouched, lists.length);
    });
    return applyChain(this.scratch, chain, alt.weight, clauseCount);
  }

  /** The term's list as an array that may grow and shrink (a view of a loaded image is copied once). */
  private writable(term: string, list: Postings): number[] {
    if (Array.isArray(list)) return list;
    const own = Array.from(list);
    this.postings.set(term, own);
    return own;
  }

  /** 1 / average length per field, for BM25's length normalization. */
  private fieldNorms(n: number): Float64Array {
    const norms = new Float64Array(FIELD_COUNT);
    for (let f = 0; f < FIELD_COUNT; f++) norms[f] = (this.totalLengths[f] ?? 0) > 0 ? n / (this.totalLengths[f] ?? 1) : 1;
    return norms;
  }

  private ensureCapacity(slots: number): void {
    if (slots * FIELD_COUNT <= this.lengths.length) return;
    const capacity = Math.max(1024, (this.lengths.length / FIELD_COUNT) * 2, slots);
    const grown = new Uint16Array(capacity * FIELD_COUNT);
    grown.set(this.lengths);
    this.lengths = grown;
    this.scratch.ensure(capacity);
  }

  /** A copy of the index as flat arrays (see InvertedIndexImage). */
  toImage(): InvertedIndexImage {
    const ids: string[] = Array.from({ length: this.slotCount }, () => "");
    for (const [id, slot] of this.slots) ids[slot] = id;
    const terms = [...this.postings.keys()];
    const offsets = new Uint32Array(terms.length + 1);
    let total = 0;
    terms.forEach((term, i) => {
      offsets[i] = total;
      total += this.postings.get(term)?.length ?? 0;
    });
    offsets[terms.length] = total;
    const postings = new Int32Array(total);
    terms.forEach((term, i) => postings.set(this.postings.get(term) ?? [], offsets[i] ?? 0));
    return {
      ids,
      terms,
      offsets,
      postings,
      lengths: this.lengths.slice(0, this.slotCount * FIELD_COUNT),
      totalLengths: this.totalLengths.slice(),
    };
  }

  /** An index equal to the one the image was taken of. */
  static fromImage(image: InvertedIndexImage): InvertedIndex {
    const index = new InvertedIndex();
    index.slotCount = image.ids.length;
    index.ensureCapacity(index.slotCount);
    index.lengths.set(image.lengths.subarray(0, index.slotCount * FIELD_COUNT));
    index.totalLengths.set(image.totalLengths.subarray(0, FIELD_COUNT));
    image.ids.forEach((id, slot) => {
      if (id === "") index.freeSlots.push(slot);
      else index.slots.set(id, slot);
    });
    const { offsets, postings } = image;
    image.terms.forEach((term, i) => {
      const from = offsets[i] ?? 0;
      const to = offsets[i + 1] ?? from;
      index.postings.set(term, postings.subarray(from, to));
    });
    return index;
  }
}

function findSlot(list: Postings, slot: number): number {
  for (let i = 0; i < list.length; i += 2) if (list[i] === slot) return i;
  return -1;
}
