// eval:search — relevance of the search engine over the demo catalogue, measured through the public API.
// Starts the embedded bookstore (demo data), waits for the search index to hold the catalogue, checks that every
// judged ISBN is in it, then runs each query of test/fixtures/search-judgments and prints nDCG@10 and recall@10
// per query, per kind and overall. Exits 1 when nDCG@10 is below the minimum the test suite enforces.
import { eventually } from "@bookstore/platform/testing";
import {
  checkJudgedBooks,
  evaluateSearch,
  formatReport,
  loadJudgments,
  MIN_NDCG,
} from "../services/search/src/eval/evaluate-search.js";
import { startBookstore } from "../test/support/bookstore.js";

const bookstore = await startBookstore();
try {
  const judgments = await loadJudgments();
  await eventually(
    async () => {
      const res = await bookstore.request("GET", "/api/v1/search?size=1");
      if (!(res.json?.total >= 200)) throw new Error(`the index holds ${String(res.json?.total)} books so far`);
    },
    { timeoutMs: 30_000 },
  );
  await checkJudgedBooks(bookstore.baseUrl, judgments);
  const report = await evaluateSearch(bookstore.baseUrl, judgments);
  console.log(formatReport(report));
  process.exitCode = report.ndcg >= MIN_NDCG ? 0 : 1;
} finally {
  await bookstore.close();
}
