// bench:api — GET /api/v1/books/{id} on the all-in-one server (warm cache) vs a bare node:http server serving the
// same bodies, measured in one run, alternating rounds, and printed as a ratio (target ≥ 0.85).
// Servers are pinned to CPU 0 and autocannon to CPU 1 when `taskset` exists, so each side gets one core.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { eventually, freePort } from "@bookstore/platform/testing";

const ROUNDS = Number(process.env["ROUNDS"] ?? 3);
const SECONDS = Number(process.env["SECONDS"] ?? 5);
const CONNECTIONS = Number(process.env["CONNECTIONS"] ?? 50);
const hasTaskset = spawnSync("taskset", ["-c", "1", "true"]).status === 0;
const root = join(import.meta.dirname, "..");

function pinned(cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const [file, argv] = hasTaskset ? ["taskset", ["-c", "0", cmd, ...args]] : [cmd, args];
  return spawn(file, argv, { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
}

async function waitFor(url: string): Promise<void> {
  await eventually(async () => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(String(res.status));
  }, { timeoutMs: 60_000, intervalMs: 200 });
}

interface Round {
  target: string;
  rps: number;
  /** Server CPU (user+sys) per request: capacity of a single-threaded server, far less noisy than rps on a shared box. */
  cpuUsPerRequest: number;
  p50: number;
  p99: number;
  non2xx: number;
}

/** utime + stime of a process in µs, from /proc (Linux); NaN elsewhere. */
function cpuUs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    return (ticks * 1e6) / 100; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
}

async function measure(target: string, url: string, paths: string[], pid?: number): Promise<Round> {
  const requests = paths.map((path) => ({ method: "GET" as const, path }));
  const cpuBefore = cpuUs(pid);
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, requests });
  const cpuUsPerRequest = (cpuUs(pid) - cpuBefore) / r.requests.total;
  return { target, rps: r.requests.total / r.duration, cpuUsPerRequest, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

async function main(): Promise<void> {
  if (hasTaskset) spawnSync("taskset", ["-cp", "1", String(process.pid)], { stdio: "ignore" });
  const dir = mkdtempSync(join(tmpdir(), "bookstore-bench-"));
  const children: ChildProcess[] = [];
  try {
    const appPort = await freePort();
    children.push(
      pinned(process.execPath, [join(root, "apps/bookstore/bin/bookstore.mjs"), "start"], {
        PORT: String(appPort), DATA_DIR: join(dir, "data"), BOOKSTORE_LOG_LEVEL: "warn", BOOKSTORE_CACHE__BOOK_TTL_MS: "60000",
        // One load generator stands in for many clients: limits stay on (their cost is measured) but never trip.
        BOOKSTORE_RATE_LIMIT__PER_IP_PER_MINUTE: "100000000", BOOKSTORE_RATE_LIMIT__PER_USER_PER_MINUTE: "100000000", BOOKSTORE_RATE_LIMIT__AUTH_PER_IP_PER_MINUTE: "100000000",
      }),
    );
    const app = `http://127.0.0.1:${appPort}`;
    await waitFor(`${app}/api/v1/books?size=1`);
    const list = (await (await fetch(`${app}/api/v1/books?size=100`)).json()) as { items: { id: string }[] };
    const paths = list.items.map((b) => `/api/v1/books/${b.id}`);
    const bodies: Record<string, unknown> = {};
    for (const b of list.items) bodies[b.id] = await (await fetch(`${app}/api/v1/books/${b.id}`)).json(); // warms the cache
    writeFileSync(join(dir, "books.json"), JSON.stringify(bodies));

    const basePort = await freePort();
    children.push(pinned(process.execPath, [join(root, "bench/baseline-server.mjs")], { PORT: String(basePort), BOOKS_FILE: join(dir, "books.json") }));
    const base = `http://127.0.0.1:${basePort}`;
    await waitFor(`${base}${paths[0] ?? ""}`);

    console.log(`# bench:api ${new Date().toISOString()} node ${process.version}; ${ROUNDS} rounds x ${SECONDS}s, ${CONNECTIONS} connections, ${paths.length} ids; pinned=${hasTaskset}`);
    const appPid = children[0]?.pid;
    const basePid = children[1]?.pid;
    await measure("warmup", app, paths, appPid);
    await measure("warmup", base, paths, basePid);
    const rounds: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      rounds.push(await measure("bookstore", app, paths, appPid));
      rounds.push(await measure("bare-node", base, paths, basePid));
    }
    for (const r of rounds)
      console.log(`${r.target.padEnd(10)} ${r.rps.toFixed(0).padStart(7)} rps  p50 ${r.p50} ms  p99 ${r.p99} ms  cpu ${r.cpuUsPerRequest.toFixed(1)} µs/req  non2xx ${r.non2xx}`);
    const ours = rounds.filter((r) => r.target === "bookstore");
    const bare = rounds.filter((r) => r.target === "bare-node");
    const perRound = ours.map((r, i) => r.rps / (bare[i]?.rps ?? Infinity));
    const ratio = median(ours.map((r) => r.rps)) / median(bare.map((r) => r.rps));
    console.log(`median rps: bookstore ${median(ours.map((r) => r.rps)).toFixed(0)}, bare node:http ${median(bare.map((r) => r.rps)).toFixed(0)}`);
    console.log(`p99 ms: bookstore ${median(ours.map((r) => r.p99))}, bare ${median(bare.map((r) => r.p99))}`);
    console.log(`ratio bookstore/bare (median rps): ${ratio.toFixed(3)}  per round: ${perRound.map((x) => x.toFixed(3)).join(" ")}  target >= 0.85 ${ratio >= 0.85 ? "MET" : "NOT MET"}`);
    // The same comparison from server CPU time per request (capacity when each server has a core to itself).
    const cpuRatio = median(bare.map((r) => r.cpuUsPerRequest)) / median(ours.map((r) => r.cpuUsPerRequest));
    console.log(`cpu per request: bookstore ${median(ours.map((r) => r.cpuUsPerRequest)).toFixed(1)} µs, bare ${median(bare.map((r) => r.cpuUsPerRequest)).toFixed(1)} µs → capacity ratio ${cpuRatio.toFixed(3)}`);
  } finally {
    for (const c of children) c.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
