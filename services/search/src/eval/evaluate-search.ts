import { readFile } from "node:fs/promises";
import { ndcgAt, parseJudgments, recallAt, summarize, type EvaluationReport, type Judgment, type QueryScore } from "./relevance-metrics.js";

/** The judged queries of issue 7, over the demo catalogue. */
export const JUDGMENTS_FILE = new URL("../../../../test/fixtures/search-judgments/judgments.json", import.meta.url);
/** The suite fails below this nDCG@10. */
export const MIN_NDCG = 0.85;
const K = 10;

export async function loadJudgments(file: URL = JUDGMENTS_FILE): Promise<Judgment[]> {
  return parseJudgments(JSON.parse(await readFile(file, "utf8")));
}

interface SearchPage {
  items: { isbn: string; title: string }[];
}

async function searchPage(baseUrl: string, q: string): Promise<SearchPage> {
  const res = await fetch(`${baseUrl}/api/v1/search?q=${encodeURIComponent(q)}&size=${K}`);
  if (res.status !== 200) throw new Error(`search "${q}" answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as SearchPage;
}

/**
 * A judged ISBN the catalogue does not hold (or holds under another title) would quietly cost score: every judged
 * book is looked up first, and a mismatch fails the evaluation instead.
 */
export async function checkJudgedBooks(baseUrl: string, judgments: readonly Judgment[]): Promise<void> {
  const judged = new Map(judgments.flatMap((j) => j.relevant.map((r) => [r.isbn, r.title] as const)));
  const problems: string[] = [];
  for (const [isbn, title] of judged) {
    const found = (await searchPage(baseUrl, isbn)).items.find((b) => b.isbn === isbn);
    if (!found) problems.push(`${isbn} (${title}) is not in the catalogue`);
    else if (title && found.title !== title) problems.push(`${isbn} is "${found.title}", judged as "${title}"`);
  }
  if (problems.length > 0) throw new Error(`judgments do not match the catalogue:\n${problems.join("\n")}`);
}

/** Runs every judged query through the public search API and scores the first page. */
export async function evaluateSearch(baseUrl: string, judgments: readonly Judgment[]): Promise<EvaluationReport> {
  const scores: QueryScore[] = [];
  for (const judgment of judgments) {
    const top = (await searchPage(baseUrl, judgment.query)).items.map((b) => b.isbn);
    scores.push({ query: judgment.query, kind: judgment.kind, ndcg: ndcgAt(K, top, judgment), recall: recallAt(K, top, judgment), top });
  }
  return summarize(scores);
}

const pct = (x: number) => x.toFixed(3);

/** A table a person reads: the weakest queries first, then per kind, then the totals. */
export function formatReport(report: EvaluationReport): string {
  const lines = ["nDCG@10  recall@10  kind         query"];
  for (const s of [...report.scores].sort((a, b) => a.ndcg - b.ndcg))
    lines.push(`${pct(s.ndcg)}    ${pct(s.recall)}      ${s.kind.padEnd(12)} ${s.query}`);
  lines.push("", "kind         queries  nDCG@10  recall@10");
  for (const [kind, s] of Object.entries(report.byKind))
    lines.push(`${kind.padEnd(12)} ${String(s.queries).padStart(7)}  ${pct(s.ndcg)}    ${pct(s.recall)}`);
  lines.push("", `nDCG@10 ${pct(report.ndcg)}  recall@10 ${pct(report.recall)}  over ${report.queries} queries (minimum nDCG@10 ${MIN_NDCG})`);
  return lines.join("\n");
}
