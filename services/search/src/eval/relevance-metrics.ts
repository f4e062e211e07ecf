/** One judged query: the books (by ISBN-13) a customer typing it means, graded 2 (what they want) or 1 (also good). */
export interface Judgment {
  readonly query: string;
  readonly kind: string;
  readonly relevant: readonly { readonly isbn: string; readonly grade: number; readonly title: string }[];
  readonly note?: string;
}

export interface QueryScore {
  readonly query: string;
  readonly kind: string;
  readonly ndcg: number;
  readonly recall: number;
  /** ISBNs of the first results, in order. */
  readonly top: readonly string[];
}

export interface Summary {
  readonly ndcg: number;
  readonly recall: number;
  readonly queries: number;
}

export interface EvaluationReport extends Summary {
  readonly byKind: Readonly<Record<string, Summary>>;
  readonly scores: readonly QueryScore[];
}

const gain = (grade: number) => 2 ** grade - 1;
const discount = (rank: number) => 1 / Math.log2(rank + 2);

/** nDCG@k with exponential gains (2^grade − 1); an ISBN repeated in the results counts once. */
export function ndcgAt(k: number, ranked: readonly string[], judgment: Judgment): number {
  const grades = new Map(judgment.relevant.map((r) => [r.isbn, r.grade]));
  const seen = new Set<string>();
  let dcg = 0;
  ranked.slice(0, k).forEach((isbn, rank) => {
    if (seen.has(isbn)) return;
    seen.add(isbn);
    dcg += gain(grades.get(isbn) ?? 0) * discount(rank);
  });
  const ideal = [...grades.values()]
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, grade, rank) => sum + gain(grade) * discount(rank), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** Share of the relevant books found in the first k, out of at most k (a page cannot hold more). */
export function recallAt(k: number, ranked: readonly string[], judgment: Judgment): number {
  const relevant = new Set(judgment.relevant.filter((r) => r.grade > 0).map((r) => r.isbn));
  if (relevant.size === 0) return 0;
  const found = new Set(ranked.slice(0, k).filter((isbn) => relevant.has(isbn)));
  return found.size / Math.min(k, relevant.size);
}

const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length);

function summary(scores: readonly QueryScore[]): Summary {
  return { ndcg: mean(scores.map((s) => s.ndcg)), recall: mean(scores.map((s) => s.recall)), queries: scores.length };
}

export function summarize(scores: readonly QueryScore[]): EvaluationReport {
  const kinds = [...new Set(scores.map((s) => s.kind))];
  return {
    ...summary(scores),
    byKind: Object.fromEntries(kinds.map((kind) => [kind, summary(scores.filter((s) => s.kind === kind))])),
    scores,
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The judgments file, checked: a malformed entry fails loudly instead of quietly scoring zero. */
export function parseJudgments(raw: unknown): Judgment[] {
  const queries = isRecord(raw) ? raw["queries"] : undefined;
  if (!Array.isArray(queries)) throw new Error("judgments: expected {queries: [...]}");
  return queries.map((q: unknown, i) => {
    if (!isRecord(q) || typeof q["query"] !== "string" || typeof q["kind"] !== "string" || !Array.isArray(q["relevant"]))
      throw new Error(`judgments: query #${i} needs query, kind and relevant`);
    const relevant = q["relevant"].map((r: unknown) => {
      if (!isRecord(r) || typeof r["isbn"] !== "string" || !/^\d{13}$/.test(r["isbn"]) || (r["grade"] !== 1 && r["grade"] !== 2))
        throw new Error(`judgments: "${String(q["query"])}" has a bad entry ${JSON.stringify(r)}`);
      return { isbn: r["isbn"], grade: r["grade"], title: typeof r["title"] === "string" ? r["title"] : "" };
    });
    if (relevant.length === 0) throw new Error(`judgments: "${q["query"]}" judges no book relevant`);
    return { query: q["query"], kind: q["kind"], relevant, ...(typeof q["note"] === "string" ? { note: q["note"] } : {}) };
  });
}
