/**
 * Per-search working arrays, one entry per candidate, reused from search to search (a search runs synchronously
 * from start to finish, so one set per index suffices). Sized to the index's slot capacity: there are never more
 * candidates than books.
 */
export class SearchScratch {
  candidateSlots = new Int32Array(0);
  candidateScores = new Float64Array(0);
  candidateTiers = new Uint8Array(0);
  rankedSlots = new Int32Array(0);
  rankedScores = new Float64Array(0);
  rankedTiers = new Uint8Array(0);
  rankedSold = new Float64Array(0);
  sortKeys = new Float64Array(0);
  /** Candidate position + 1 by slot, for exact-match bonuses; all zero between uses. */
  positionOfSlot = new Int32Array(0);

  ensure(capacity: number): void {
    if (capacity <= this.candidateSlots.length) return;
    const size = Math.max(1024, capacity + (capacity >> 2));
    this.candidateSlots = new Int32Array(size);
    this.candidateScores = new Float64Array(size);
    this.candidateTiers = new Uint8Array(size);
    this.rankedSlots = new Int32Array(size);
    this.rankedScores = new Float64Array(size);
    this.rankedTiers = new Uint8Array(size);
    this.rankedSold = new Float64Array(size);
    this.sortKeys = new Float64Array(size);
    this.positionOfSlot = new Int32Array(size);
  }
}
