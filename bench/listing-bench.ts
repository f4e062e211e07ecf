// bench:listing — the listing engine under load, all in one process (embedded profile: SQLite, in-process RPC).
// 1. baseline: a few hundred listings on an idle engine; 2. saturate the normal queue with batches of normal
// listings; 3. while saturated, fire a burst of 10,000 single-item listing requests (mixed priorities) at once.
// Prints p50/p99 end-to-end task latency (enqueued → finished, from the task records) per priority, accepted vs 429
// counts, and checks that every accepted task ended done or failed. Targets: high p99 ≤ 100 ms, normal p99 ≤ 500 ms.
import { Agent, request as httpRequest } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { loadConfig } from "@bookstore/platform/config";
import { freePort } from "@bookstore/platform/testing";
import { startAllInOne } from "../apps/bookstore/src/all-in-one.js";

const BURST = Number(process.env["BURST"] ?? 10_000);
const HIGH_SHARE = Number(process.env["HIGH_SHARE"] ?? 0.2);
const SATURATORS = Number(process.env["SATURATORS"] ?? 8);
const SATURATOR_BATCH = 50;
const SOCKETS = Number(process.env["SOCKETS"] ?? 64);

type Priority = "high" | "normal";
interface Reply {
  status: number;
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: SOCKETS });

function post(base: string, path: string, token: string, body: unknown): Promise<Reply> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}${path}`,
      { method: "POST", agent, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": Buffer.byteLength(data) } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

const pct = (xs: number[], p: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "bookstore-listing-bench-"));
  const port = await freePort();
  // One load generator stands in for many editors: limits stay on (their cost is measured) but never trip.
  const highLimits = {
    BOOKSTORE_RATE_LIMIT__PER_IP_PER_MINUTE: "100000000",
    BOOKSTORE_RATE_LIMIT__PER_USER_PER_MINUTE: "100000000",
    BOOKSTORE_RATE_LIMIT__AUTH_PER_IP_PER_MINUTE: "100000000",
  };
  const config = loadConfig({
    env: { PORT: String(port), DATA_DIR: dataDir, BOOKSTORE_HOST: "127.0.0.1", BOOKSTORE_LOG_LEVEL: "warn", BOOKSTORE_SEED_DEMO: "true", ...highLimits },
  });
  const running = await startAllInOne(config);
  const base = running.url;
  const db = new SQLite(join(dataDir, "catalog.db"), { readonly: true });
  db.defaultSafeIntegers(false);
  const started = Date.now();
  try {
    const login = await post(base, "/api/v1/auth/login", "", { username: "editor", password: "bookstore-editor" });
    const token = (JSON.parse(login.body) as { accessToken: string }).accessToken;
    const isbns = (db.prepare("SELECT live_isbn FROM books WHERE live_isbn IS NOT NULL").all() as { live_isbn: string }[]).map((r) => r.live_isbn);
    const isbnAt = (i: number) => isbns[i % isbns.length] ?? "";
    const { high, normal } = config.listing;
    console.log(
      `# bench:listing ${new Date().toISOString()} node ${process.version}; ${isbns.length} books; queues high ${high.capacity}/${high.workers} workers, normal ${normal.capacity}/${normal.workers} workers, timeout ${config.listing.taskTimeoutMs} ms`,
    );

    const accepted = new Map<string, { priority: Priority; phase: string }>();
    const counts = new Map<string, number>();
    const bump = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
    const submit = async (phase: string, items: { isbn: string; stock: number; priority: Priority }[]): Promise<number> => {
      const r = await post(base, "/api/v1/listings", token, items.length === 1 ? items[0] : { items });
      bump(`${phase} ${r.status === 429 && !r.body.includes("QUEUE_FULL") ? "429 other" : r.status}`);
      if (r.status === 202)
        (JSON.parse(r.body) as { tasks: { taskId: string }[] }).tasks.forEach((t, i) =>
          accepted.set(t.taskId, { priority: items[i]?.priority ?? "normal", phase }),
        );
      else if (r.status !== 429 || !r.body.includes("QUEUE_FULL")) throw new Error(`unexpected ${r.status}: ${r.body}`);
      return r.status;
    };

    // 1. baseline on an idle engine, 20 at a time.
    for (let i = 0; i < 300; i += 20)
      await Promise.all(Array.from({ length: 20 }, (_, j) => submit("baseline", [{ isbn: isbnAt(i + j), stock: 10, priority: (i + j) % 2 ? "normal" : "high" }])));

    // 2. saturate: batches of normal listings back to back; a 429 means the queue is full, which is the point.
    let saturating = true;
    const saturators = Array.from({ length: SATURATORS }, async (_, s) => {
      for (let n = 0; saturating; n++) {
        const items = Array.from({ length: SATURATOR_BATCH }, (_, i) => ({ isbn: isbnAt(s * 977 + n * 31 + i), stock: n % 100, priority: "normal" as const }));
        if ((await submit("saturation", items)) === 429) await new Promise((r) => setTimeout(r, 5));
      }
    });
    await new Promise((r) => setTimeout(r, 1_500));

    // 3. the burst, while saturation continues.
    const burstStart = performance.now();
    await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        submit("burst", [{ isbn: isbnAt(i * 7), stock: i % 1_000, priority: i % Math.round(1 / HIGH_SHARE) === 0 ? "high" : "normal" }]),
      ),
    );
    const burstMs = performance.now() - burstStart;
    saturating = false;
    await Promise.all(saturators);

    // Every accepted task must end done or failed: wait for the records (each task ends within its timeout).
    const ids = [...accepted.keys()];
    type Row = { task_id: string; status: string; reason: string; enqueued_at: number; finished_at: number | null };
    const readAll = (): Row[] => {
      const rows: Row[] = [];
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        rows.push(...(db.prepare(`SELECT CAST(task_id AS TEXT) AS task_id, status, reason, enqueued_at, finished_at FROM listing_tasks WHERE task_id IN (${chunk.map(() => "?").join(",")})`).all(...chunk.map((id) => BigInt(id))) as Row[]));
      }
      return rows;
    };
    let rows = readAll();
    const deadline = Date.now() + config.listing.taskTimeoutMs + 10_000;
    while (rows.some((r) => r.status !== "done" && r.status !== "failed") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      rows = readAll();
    }
    const finished = rows.filter((r) => r.status === "done" || r.status === "failed");
    const lost = ids.length - finished.length;

    const c = (k: string) => counts.get(k) ?? 0;
    console.log(`burst: ${BURST} requests in ${burstMs.toFixed(0)} ms (${((BURST / burstMs) * 1000).toFixed(0)} req/s); accepted ${c("burst 202")}, 429 QUEUE_FULL ${c("burst 429")}`);
    console.log(`saturation: accepted ${c("saturation 202")} batches of ${SATURATOR_BATCH}, refused ${c("saturation 429")}`);
    const reasons = new Map<string, number>();
    for (const r of finished) if (r.status === "failed") reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
    console.log(`tasks accepted ${ids.length}, finished ${finished.length} (done ${finished.filter((r) => r.status === "done").length}, failed ${finished.length - finished.filter((r) => r.status === "done").length}${[...reasons].map(([k, v]) => `; ${k}: ${v}`).join("")}), lost ${lost}`);

    const latency = (phase: string, priority: Priority) =>
      finished.filter((r) => accepted.get(r.task_id)?.phase === phase && accepted.get(r.task_id)?.priority === priority).map((r) => (r.finished_at ?? 0) - r.enqueued_at);
    const targets: Record<Priority, number> = { high: 100, normal: 500 };
    let met = lost === 0;
    for (const priority of ["high", "normal"] as const) {
      const idle = latency("baseline", priority);
      const burst = latency("burst", priority);
      const p99 = pct(burst, 99);
      const ok = p99 <= targets[priority];
      met &&= ok;
      console.log(
        `${priority.padEnd(6)} task latency ms (enqueued→finished): idle p50 ${pct(idle, 50)} p99 ${pct(idle, 99)} | burst n=${burst.length} p50 ${pct(burst, 50)} p99 ${p99} (${(p99 / Math.max(1, pct(idle, 99))).toFixed(1)}x idle) target p99 <= ${targets[priority]} ${ok ? "MET" : "NOT MET"}`,
      );
    }
    const sat = latency("saturation", "normal");
    console.log(`saturation normal task latency ms: p50 ${pct(sat, 50)} p99 ${pct(sat, 99)}`);
    console.log(`no task lost: ${lost === 0 ? "YES" : `NO (${lost} unfinished)`}; all targets ${met ? "MET" : "NOT MET"}; ran ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (lost > 0) process.exitCode = 1;
  } finally {
    db.close();
    agent.destroy();
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
