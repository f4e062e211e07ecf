import { saturated } from "./bm25.js";

/**
 * The loops over every matching posting or document, as functions of their own: V8 optimizes each once, instead of
 * deoptimizing a larger method at the code that follows a loop (which it did on every query).
 */

/** [slot, packed frequencies] pairs: an array, or a view of a loaded image's postings until the list changes. */
export type Postings = number[] | Int32Array;

/** The documents having every term of a chain, with the mean of their term scores (before the chain's weight). */
export interface Chain {
  readonly slots: Int32Array;
  readonly scores: Float64Array;
}

/** The per-query arrays, indexed by slot (or listing touched slots), sized to the index's slot capacity. */
export class ScoringScratch {
  clauseScore = new Float64Array(0);
  clauseSlots = new Int32Array(0);
  altCount = new Uint8Array(0);
  altSum = new Float64Array(0);
  altSlots = new Int32Array(0);
  docScore = new Float64Array(0);
  docMust = new Uint16Array(0);
  docShould = new Uint16Array(0);
  docSeen = new Uint8Array(0);
  touchedSlots = new Int32Array(0);
  outScores = new Float64Array(0);
  outMust = new Uint16Array(0);
  outShould = new Uint16Array(0);

  ensure(capacity: number): void {
    if (capacity <= this.docSeen.length) return;
    this.clauseScore = new Float64Array(capacity);
    this.clauseSlots = new Int32Array(capacity);
    this.altCount = new Uint8Array(capacity);
    this.altSum = new Float64Array(capacity);
    this.altSlots = new Int32Array(capacity);
    this.docScore = new Float64Array(capacity);
    this.docMust = new Uint16Array(capacity);
    this.docShould = new Uint16Array(capacity);
    this.docSeen = new Uint8Array(capacity);
    this.touchedSlots = new Int32Array(capacity);
    this.outScores = new Float64Array(capacity);
    this.outMust = new Uint16Array(capacity);
    this.outShould = new Uint16Array(capacity);
  }
}

/** Adds one clause's scores (clauseSlots[0 … clauseCount)) into the documents' sums; returns the new touched count. */
export function addClause(s: ScoringScratch, clauseCount: number, must: number, should: number, touched: number): number {
  const { clauseScore, clauseSlots, docScore, docMust, docShould, docSeen, touchedSlots } = s;
  for (let j = 0; j < clauseCount; j++) {
    const slot = clauseSlots[j] ?? 0;
    const score = clauseScore[slot] ?? 0;
    clauseScore[slot] = 0;
    if (docSeen[slot] === 0) {
      docSeen[slot] = 1;
      touchedSlots[touched++] = slot;
    }
    docScore[slot] = (docScore[slot] ?? 0) + score;
    docMust[slot] = (docMust[slot] ?? 0) + must;
    docShould[slot] = (docShould[slot] ?? 0) + should;
  }
  return touched;
}

/** A lone clause's scores, in clauseSlots order, into outScores; leaves clauseScore zero for the next query. */
export function takeClause(s: ScoringScratch, count: number): void {
  const { clauseScore, clauseSlots, outScores } = s;
  for (let j = 0; j < count; j++) {
    const slot = clauseSlots[j] ?? 0;
    outScores[j] = clauseScore[slot] ?? 0;
    clauseScore[slot] = 0;
  }
}

/** Moves the touched documents' sums into the output arrays, leaving the per-slot sums zero for the next query. */
export function collectMatches(s: ScoringScratch, touched: number): void {
  const { docScore, docMust, docShould, docSeen, touchedSlots, outScores, outMust, outShould } = s;
  for (let i = 0; i < touched; i++) {
    const slot = touchedSlots[i] ?? 0;
    outScores[i] = docScore[slot] ?? 0;
    outMust[i] = docMust[slot] ?? 0;
    outShould[i] = docShould[slot] ?? 0;
    docScore[slot] = 0;
    docMust[slot] = 0;
    docShould[slot] = 0;
    docSeen[slot] = 0;
  }
}

/** A single-term alternative: raises each document's clause score to factor × saturation. */
export function scoreTerm(
  s: ScoringScratch,
  list: Postings,
  cached: Float32Array | undefined,
  factor: number,
  lengths: Uint16Array,
  norms: Float64Array,
  clauseCount: number,
): number {
  const { clauseScore, clauseSlots } = s;
  for (let i = 0; i < list.length; i += 2) {
    const slot = list[i] ?? 0;
    const score = factor * (cached ? (cached[i >> 1] ?? 0) : saturated(lengths, slot, list[i + 1] ?? 0, norms));
    const before = clauseScore[slot] ?? 0;
    if (before === 0) clauseSlots[clauseCount++] = slot;
    if (score > before) clauseScore[slot] = score;
  }
  return clauseCount;
}

/** One term of a multi-term alternative: counts and sums its scores per document; returns the new touched count. */
export function sumTerm(
  s: ScoringScratch,
  list: Postings,
  cached: Float32Array | undefined,
  idf: number,
  lengths: Uint16Array,
  norms: Float64Array,
  altTouched: number,
): number {
  const { altCount, altSum, altSlots } = s;
  for (let i = 0; i < list.length; i += 2) {
    const slot = list[i] ?? 0;
    const score = idf * (cached ? (cached[i >> 1] ?? 0) : saturated(lengths, slot, list[i + 1] ?? 0, norms));
    const seen = altCount[slot] ?? 0;
    if (seen === 0) altSlots[altTouched++] = slot;
    altCount[slot] = seen + 1;
    altSum[slot] = (altSum[slot] ?? 0) + score;
  }
  return altTouched;
}

/** Documents with all k terms get the mean score times the weight as their clause score (if higher); resets the sums. */
export function finishAlternative(s: ScoringScratch, altTouched: number, k: number, weight: number, clauseCount: number): number {
  const { altCount, altSum, altSlots, clauseScore, clauseSlots } = s;
  for (let j = 0; j < altTouched; j++) {
    const slot = altSlots[j] ?? 0;
    if (altCount[slot] === k) {
      const score = (weight * (altSum[slot] ?? 0)) / k;
      const before = clauseScore[slot] ?? 0;
      if (before === 0) clauseSlots[clauseCount++] = slot;
      if (score > before) clauseScore[slot] = score;
    }
    altCount[slot] = 0;
    altSum[slot] = 0;
  }
  return clauseCount;
}

/** The documents counted k times (every term) with their mean score, as a new chain; resets the sums. */
export function collectChain(s: ScoringScratch, altTouched: number, k: number): Chain {
  const { altCount, altSum, altSlots } = s;
  let count = 0;
  for (let j = 0; j < altTouched; j++) if (altCount[altSlots[j] ?? 0] === k) count++;
  const slots = new Int32Array(count);
  const scores = new Float64Array(count);
  let at = 0;
  for (let j = 0; j < altTouched; j++) {
    const slot = altSlots[j] ?? 0;
    if (altCount[slot] === k) {
      slots[at] = slot;
      scores[at++] = (altSum[slot] ?? 0) / k;
    }
    altCount[slot] = 0;
    altSum[slot] = 0;
  }
  return { slots, scores };
}

/** A chain's documents get weight × mean score as their clause score (if higher). */
export function applyChain(s: ScoringScratch, chain: Chain, weight: number, clauseCount: number): number {
  const { clauseScore, clauseSlots } = s;
  const { slots, scores } = chain;
  for (let j = 0; j < slots.length; j++) {
    const slot = slots[j] ?? 0;
    const score = weight * (scores[j] ?? 0);
    const before = clauseScore[slot] ?? 0;
    if (before === 0) clauseSlots[clauseCount++] = slot;
    if (score > before) clauseScore[slot] = score;
  }
  return clauseCount;
}
