import { analyzeField, type FieldKind } from "./text-analysis.js";

/**
 * Searchable fields: a title hit outweighs an author hit, which outweighs publisher/category, then description.
 * "pinyin" holds the pinyin of Chinese titles and names, weighted like an author hit.
 */
export const FIELD_BOOSTS = { title: 3, authors: 2, publisher: 1, category: 1, description: 0.5, pinyin: 2 } as const;
export type Field = keyof typeof FIELD_BOOSTS;
export type Fields = Readonly<Record<Field, string>>;
const FIELDS = Object.keys(FIELD_BOOSTS) as Field[];
const FIELD_COUNT = FIELDS.length;
const BOOSTS = Float64Array.from(FIELDS.map((f) => FIELD_BOOSTS[f]));
const KINDS: readonly FieldKind[] = FIELDS.map((f) => (f === "description" ? "long" : f === "pinyin" ? "pinyin" : "short"));

// BM25 constants (the usual defaults).
const K1 = 1.2;
const B = 0.75;

/**
 * Per-field term frequencies packed into one small integer (6+6+4+4+8+2 = 30 bits, so V8 keeps it unboxed): a
 * field's count saturates at its cap, long after BM25 has stopped caring.
 */
const TF_BITS = [6, 6, 4, 4, 8, 2] as const;
const TF_SHIFTS = Int32Array.from(TF_BITS.map((_, f) => TF_BITS.slice(0, f).reduce((s, b) => s + b, 0)));
const TF_CAPS = Int32Array.from(TF_BITS.map((b) => (1 << b) - 1));
const MAX_LENGTH = 0xffff;

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

/** Documents that satisfied at least one clause, as parallel arrays (no object per match at 100k books). */
export interface TextMatches {
  readonly count: number;
  readonly slots: Int32Array;
  readonly scores: Float64Array;
  readonly must: Uint16Array;
  readonly should: Uint16Array;
}

/**
 * Term → documents with per-field frequencies, scored with a field-weighted BM25 (BM25F-style). Pure, in memory.
 * Kept lean for 100k+ books: documents get dense slots (reused after removal), and each term's postings are one
 * flat array of [slot, packed frequencies] pairs. A document's term list is not stored: removal analyzes its
 * fields again.
 */
export class InvertedIndex {
  private readonly postings = new Map<string, number[]>();
  private readonly slots = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  private slotCount = 0;
  private lengths = new Uint16Array(0);
  private readonly totalLengths = new Float64Array(FIELD_COUNT);
  // Per-query scratch, indexed by slot; reset after each use so a query costs only what it touches.
  private clauseScore = new Float64Array(0);
  private altCount = new Uint8Array(0);
  private altSum = new Float64Array(0);
  private docScore = new Float64Array(0);
  private docMust = new Uint16Array(0);
  private docShould = new Uint16Array(0);
  private docSeen = new Uint8Array(0);

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
      const list = this.postings.get(term);
      if (list) list.push(slot, tfs);
      else this.postings.set(term, [slot, tfs]);
    }
    return slot;
  }

  /** Removes a document; `fields` must be what it was added with (its terms are found by analyzing them again). */
  remove(id: string, fields: Fields): void {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    const terms = new Set(FIELDS.flatMap((field, f) => analyzeField(fields[field], KINDS[f] ?? "long")));
    for (const term of terms) {
      const list = this.postings.get(term);
      if (!list) continue;
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
    const touched: number[] = [];
    const { clauseScore, docScore, docMust, docShould, docSeen } = this;
    for (const clause of clauses) {
      const clauseTouched: number[] = [];
      for (const alt of clause.alternatives) this.scoreAlternative(alt, clauseTouched);
      const must = clause.role === "must" ? 1 : 0;
      const should = clause.role === "should" ? 1 : 0;
      for (const slot of clauseTouched) {
        const score = clauseScore[slot] ?? 0;
        clauseScore[slot] = 0;
        if (!docSeen[slot]) {
          docSeen[slot] = 1;
          touched.push(slot);
        }
        docScore[slot] = (docScore[slot] ?? 0) + score;
        docMust[slot] = (docMust[slot] ?? 0) + must;
        docShould[slot] = (docShould[slot] ?? 0) + should;
      }
    }
    const count = touched.length;
    const out = {
      count,
      slots: Int32Array.from(touched),
      scores: new Float64Array(count),
      must: new Uint16Array(count),
      should: new Uint16Array(count),
    };
    for (let i = 0; i < count; i++) {
      const slot = touched[i] ?? 0;
      out.scores[i] = docScore[slot] ?? 0;
      out.must[i] = docMust[slot] ?? 0;
      out.should[i] = docShould[slot] ?? 0;
      docScore[slot] = 0;
      docMust[slot] = 0;
      docShould[slot] = 0;
      docSeen[slot] = 0;
    }
    return out;
  }

  /** Raises clauseScore[slot] to this alternative's score for every document that has all its terms. */
  private scoreAlternative(alt: Alternative, clauseTouched: number[]): void {
    const lists: number[][] = [];
    for (const term of alt.terms) {
      const list = this.postings.get(term);
      if (!list) return;
      lists.push(list);
    }
    if (lists.length === 0) return;
    const n = this.slots.size || 1;
    const norms = this.fieldNorms(n);
    const { clauseScore, altCount, altSum } = this;
    const single = lists.length === 1;
    const altTouched: number[] = [];
    for (const list of lists) {
      const df = list.length / 2;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      const factor = single ? alt.weight * idf : idf;
      for (let i = 0; i < list.length; i += 2) {
        const slot = list[i] ?? 0;
        const score = factor * this.saturated(slot, list[i + 1] ?? 0, norms);
        if (single) {
          // One term: no intersection to wait for, the score is final.
          const before = clauseScore[slot] ?? 0;
          if (before === 0) clauseTouched.push(slot);
          if (score > before) clauseScore[slot] = score;
          continue;
        }
        if ((altCount[slot] ?? 0) === 0) altTouched.push(slot);
        altCount[slot] = (altCount[slot] ?? 0) + 1;
        altSum[slot] = (altSum[slot] ?? 0) + score;
      }
    }
    const k = lists.length;
    for (const slot of altTouched) {
      if (altCount[slot] === k) {
        const score = (alt.weight * (altSum[slot] ?? 0)) / k;
        const before = clauseScore[slot] ?? 0;
        if (before === 0) clauseTouched.push(slot);
        if (score > before) clauseScore[slot] = score;
      }
      altCount[slot] = 0;
      altSum[slot] = 0;
    }
  }

  /** 1 / average length per field, for BM25's length normalization. */
  private fieldNorms(n: number): Float64Array {
    const norms = new Float64Array(FIELD_COUNT);
    for (let f = 0; f < FIELD_COUNT; f++) norms[f] = (this.totalLengths[f] ?? 0) > 0 ? n / (this.totalLengths[f] ?? 1) : 1;
    return norms;
  }

  /** BM25's saturated, length-normalized term frequency, summed over fields with their boosts. */
  private saturated(slot: number, packed: number, inverseAverages: Float64Array): number {
    let weighted = 0;
    const base = slot * FIELD_COUNT;
    for (let f = 0; f < FIELD_COUNT; f++) {
      const tf = (packed >>> (TF_SHIFTS[f] ?? 0)) & (TF_CAPS[f] ?? 0);
      if (tf === 0) continue;
      const relativeLength = (this.lengths[base + f] ?? 0) * (inverseAverages[f] ?? 1);
      weighted += ((BOOSTS[f] ?? 1) * tf) / (1 - B + B * relativeLength);
    }
    return (weighted * (K1 + 1)) / (K1 + weighted);
  }

  private ensureCapacity(slots: number): void {
    if (slots <= this.docScore.length) return;
    const capacity = Math.max(1024, this.docScore.length * 2, slots);
    const grown = new Uint16Array(capacity * FIELD_COUNT);
    grown.set(this.lengths);
    this.lengths = grown;
    this.clauseScore = new Float64Array(capacity);
    this.altCount = new Uint8Array(capacity);
    this.altSum = new Float64Array(capacity);
    this.docScore = new Float64Array(capacity);
    this.docMust = new Uint16Array(capacity);
    this.docShould = new Uint16Array(capacity);
    this.docSeen = new Uint8Array(capacity);
  }
}

function findSlot(list: readonly number[], slot: number): number {
  for (let i = 0; i < list.length; i += 2) if (list[i] === slot) return i;
  return -1;
}
