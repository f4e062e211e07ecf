// bench:breaker — the catalog's stock RPC wedged (fault injection: it never answers) behind the gateway's breaker.
// Two all-in-one servers in one run, healthy and stalled, same data and config otherwise. Prints:
//  - fast-fail p99 once the stalled server's breaker is open (target ≤ 5 ms: the fallback is immediate), from the
//    breaker's own latency histogram, and the whole book-detail request next to the healthy server's,
//  - throughput of other routes on the stalled server relative to the healthy one, alternating rounds (target ≥ 0.9).
// Servers are pinned to CPU 0 and this process (autocannon) to CPU 1 when `taskset` exists.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { eventually, freePort } from "@bookstore/platform/testing";
import { median, pinned, pinSelf, waitFor } from "./support/versus-bare.js";

const ROUNDS = Number(process.env["ROUNDS"] ?? 3);
const SECONDS = Number(process.env["SECONDS"] ?? 4);
const root = join(import.meta.dirname, "..");
const OTHER_ROUTES = ["/api/v1/categories", "/api/v1/books?size=20", "/api/v1/search?q=%E8%AE%A1%E7%AE%97%E6%9C%BA"];

async function start(dir: string, stalled: boolean): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = pinned(process.execPath, [join(root, "apps/bookstore/bin/bookstore.mjs"), "start"], {
    PORT: String(port),
    DATA_DIR: join(dir, stalled ? "stalled" : "healthy"),
    BOOKSTORE_LOG_LEVEL: "error",
    BOOKSTORE_CACHE__BOOK_TTL_MS: "0", // every detail request runs the fan-out, so the breaker is on its path
    BOOKSTORE_RATE_LIMIT__PER_IP_PER_MINUTE: "100000000",
    ...(stalled ? { BOOKSTORE_FAULTS__STALL_RPCS: '["BatchGetStock"]' } : {}),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/api/v1/books?size=1`);
  return { url, child };
}

async function rps(url: string, path: string, connections = 20): Promise<number> {
  const r = await autocannon({ url: url + path, connections, duration: SECONDS });
  if (r.non2xx > 0) throw new Error(`${path}: ${r.non2xx} non-2xx answers`);
  return r.requests.total / r.duration;
}

async function breakerOpen(url: string): Promise<boolean> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return /^breaker_state\{[^}]*breaker="book-detail-stock"[^}]*\} 2$/m.test(text);
}

interface OpenCalls {
  count: number;
  /** Cumulative counts per bucket upper bound (seconds). */
  buckets: Map<number, number>;
}

/** The stock breaker's calls answered while open, from its latency histogram on /metrics. */
async function openCalls(url: string): Promise<OpenCalls> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const buckets = new Map<number, number>();
  let count = 0;
  for (const line of text.split("\n")) {
    if (!line.includes('breaker="book-detail-stock"') || !line.includes('outcome="open"')) continue;
    const value = Number(line.slice(line.lastIndexOf(" ") + 1));
    const le = /le="([^"]+)"/.exec(line)?.[1];
    if (line.startsWith("breaker_call_duration_seconds_bucket") && le !== undefined) buckets.set(le === "+Inf" ? Infinity : Number(le), value);
    if (line.startsWith("breaker_call_duration_seconds_count")) count = value;
  }
  return { count, buckets };
}

/** The smallest bucket bound holding quantile q of the calls between two scrapes: an upper bound on that quantile. */
function quantileUpperBound(before: OpenCalls, after: OpenCalls, q: number): number {
  const total = after.count - before.count;
  for (const [le, cumulative] of [...after.buckets].sort((a, b) => a[0] - b[0]))
    if (cumulative - (before.buckets.get(le) ?? 0) >= q * total) return le;
  return Infinity;
}

async function main(): Promise<void> {
  pinSelf();
  const dir = mkdtempSync(join(tmpdir(), "bookstore-breaker-bench-"));
  const children: ChildProcess[] = [];
  try {
    const healthy = await start(dir, false);
    children.push(healthy.child);
    const stalled = await start(dir, true);
    children.push(stalled.child);
    const ids = ((await (await fetch(`${stalled.url}/api/v1/books?size=50`)).json()) as { items: { id: string }[] }).items.map((b) => b.id);
    // autocannon runs a `requests` list per connection from its start, so rotate ids across all connections instead:
    // the cache coalesces concurrent loads of one id, and the breaker must see many distinct calls.
    let next = 0;
    const details: autocannon.Request[] = [
      { method: "GET", setupRequest: (req) => ({ ...req, path: `/api/v1/books/${ids[next++ % ids.length] ?? ""}` }) },
    ];

    console.log(`# bench:breaker ${new Date().toISOString()} node ${process.version}; ${ROUNDS} rounds x ${SECONDS}s`);
    const opening = performance.now();
    await autocannon({ url: stalled.url, connections: 20, amount: 40, requests: details, timeout: 5 });
    await eventually(async () => {
      if (!(await breakerOpen(stalled.url))) throw new Error("breaker not open yet");
    }, { timeoutMs: 30_000, intervalMs: 100 });
    console.log(`breaker opened after ${(performance.now() - opening).toFixed(0)} ms of stalled traffic`);

    // Fast fail: light load, so the numbers are the fallback's cost and not queueing. The breaker times every call
    // it answers (breaker_call_duration_seconds{outcome="open"}): that is the fast-fail itself; the whole detail
    // request (book, recommendations, the JSON) is printed next to the healthy server's for comparison.
    const openBefore = await openCalls(stalled.url);
    const fastFail = await autocannon({ url: stalled.url, connections: 4, duration: SECONDS, requests: details });
    const openAfter = await openCalls(stalled.url);
    const normal = await autocannon({ url: healthy.url, connections: 4, duration: SECONDS, requests: details });
    const failedFast = openAfter.count - openBefore.count;
    const p99 = quantileUpperBound(openBefore, openAfter, 0.99);
    console.log(`fast-fail (breaker open, stock call answered by the fallback): ${failedFast} calls, p99 <= ${(p99 * 1000).toFixed(2)} ms  target p99 <= 5 ms ${failedFast > 0 && p99 <= 0.005 ? "MET" : "NOT MET"}`);
    console.log(`book detail end to end, stalled stock, breaker open: p50 ${fastFail.latency.p50} ms  p99 ${fastFail.latency.p99} ms  non2xx ${fastFail.non2xx}`);
    console.log(`book detail end to end, healthy:                     p50 ${normal.latency.p50} ms  p99 ${normal.latency.p99} ms`);

    for (const path of OTHER_ROUTES) {
      const h: number[] = [];
      const s: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        h.push(await rps(healthy.url, path));
        s.push(await rps(stalled.url, path));
      }
      const ratio = median(s) / median(h);
      console.log(`${path.padEnd(52)} healthy ${median(h).toFixed(0)} rps, stalled ${median(s).toFixed(0)} rps → ${ratio.toFixed(3)}  target >= 0.9 ${ratio >= 0.9 ? "MET" : "NOT MET"}`);
    }
    if (!(await breakerOpen(stalled.url))) console.log("note: the breaker half-opened during the run (resetTimeoutMs)");
  } finally {
    for (const c of children) c.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
