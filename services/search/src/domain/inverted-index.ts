import { analyze } from "./text-analysis.js";

/** Searchable fields in boost order: a title hit outweighs an author hit, which outweighs publisher/category, then description. */
export const FIELD_BOOSTS = { title: 3, authors: 2, publisher: 1, category: 1, description: 0.5 } as const;
export type Field = keyof typeof FIELD_BOOSTS;
const FIELDS = Object.keys(FIELD_BOOSTS) as Field[];
const BOOSTS = FIELDS.map((f) => FIELD_BOOSTS[f]);

// BM25 constants (the usual defaults).
const K1 = 1.2;
const B = 0.75;
/**
 * Per-field term frequencies are packed into one number (8 bits a field, 5 fields = 40 bits, exact in a double):
 * a Map<docId, number> per term is several times smaller than one array per posting, and a term repeated more
 * than 255 times in one field scores no differently anyway (BM25 saturates long before).
 */
const TF_CAP = 255;
const SHIFT = 256;

interface DocEntry {
  readonly terms: readonly string[];
  readonly lengths: readonly number[];
}

/** Term → documents with per-field frequencies, scored with a field-weighted BM25 (BM25F-style). Pure, in memory. */
export class InvertedIndex {
  private readonly postings = new Map<string, Map<string, number>>();
  private readonly docs = new Map<string, DocEntry>();
  private readonly totalLengths = FIELDS.map(() => 0);

  get size(): number {
    return this.docs.size;
  }

  add(id: string, fields: Readonly<Record<Field, string>>): void {
    this.remove(id);
    const counts = new Map<string, number[]>();
    const lengths = FIELDS.map((field, f) => {
      const tokens = analyze(fields[field]);
      for (const token of tokens) {
        let perField = counts.get(token);
        if (!perField) counts.set(token, (perField = FIELDS.map(() => 0)));
        perField[f] = Math.min(TF_CAP, (perField[f] ?? 0) + 1);
      }
      return tokens.length;
    });
    for (const [term, perField] of counts) {
      let posting = this.postings.get(term);
      if (!posting) this.postings.set(term, (posting = new Map()));
      posting.set(id, perField.reduce((packed, tf, f) => packed + tf * SHIFT ** f, 0));
    }
    lengths.forEach((len, f) => (this.totalLengths[f] = (this.totalLengths[f] ?? 0) + len));
    this.docs.set(id, { terms: [...counts.keys()], lengths });
  }

  remove(id: string): void {
    const doc = this.docs.get(id);
    if (!doc) return;
    for (const term of doc.terms) {
      const posting = this.postings.get(term);
      posting?.delete(id);
      if (posting?.size === 0) this.postings.delete(term);
    }
    doc.lengths.forEach((len, f) => (this.totalLengths[f] = (this.totalLengths[f] ?? 0) - len));
    this.docs.delete(id);
  }

  /** Ids of the documents containing every term (in any field); starts from the rarest term. */
  matchAll(terms: readonly string[]): string[] {
    const postings = terms.map((t) => this.postings.get(t));
    if (postings.length === 0) return [];
    const present = postings.filter((p): p is Map<string, number> => p !== undefined);
    if (present.length < postings.length) return [];
    present.sort((a, b) => a.size - b.size);
    const [rarest, ...rest] = present;
    if (!rarest) return [];
    return [...rarest.keys()].filter((id) => rest.every((p) => p.has(id)));
  }

  score(id: string, terms: readonly string[]): number {
    const doc = this.docs.get(id);
    if (!doc) return 0;
    const n = this.docs.size;
    let score = 0;
    for (const term of terms) {
      const posting = this.postings.get(term);
      const packed = posting?.get(id);
      if (!posting || packed === undefined) continue;
      const idf = Math.log(1 + (n - posting.size + 0.5) / (posting.size + 0.5));
      let weighted = 0;
      for (let f = 0; f < FIELDS.length; f++) {
        const tf = Math.floor(packed / SHIFT ** f) % SHIFT;
        if (tf === 0) continue;
        const avg = (this.totalLengths[f] ?? 0) / n || 1;
        weighted += ((BOOSTS[f] ?? 1) * tf) / (1 - B + (B * (doc.lengths[f] ?? 0)) / avg);
      }
      score += (idf * weighted * (K1 + 1)) / (K1 + weighted);
    }
    return score;
  }
}
