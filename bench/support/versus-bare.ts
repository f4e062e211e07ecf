// Shared by bench:api and bench:cache: the bookstore and a bare node:http server serving the same bytes, measured
// in one run in alternating rounds, compared by throughput and by server CPU per request.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import { eventually } from "@bookstore/platform/testing";

export const hasTaskset = spawnSync("taskset", ["-c", "1", "true"]).status === 0;

/** Servers on CPU 0 (the load generator pins itself to CPU 1 with pinSelf), so each side gets one core. */
export function pinned(cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const [file, argv] = hasTaskset ? ["taskset", ["-c", "0", cmd, ...args]] : [cmd, args];
  return spawn(file, argv, { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
}

export function pinSelf(): void {
  if (hasTaskset) spawnSync("taskset", ["-cp", "1", String(process.pid)], { stdio: "ignore" });
}

export async function waitFor(url: string): Promise<void> {
  await eventually(async () => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(String(res.status));
  }, { timeoutMs: 60_000, intervalMs: 200 });
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

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

interface Round {
  target: string;
  rps: number;
  /** Server CPU (user+sys) per request: capacity of a single-threaded server, far less noisy than rps on a shared box. */
  cpuUsPerRequest: number;
  p50: number;
  p99: number;
  non2xx: number;
}

export interface Side {
  url: string;
  pid: number | undefined;
}

export interface VersusOptions {
  rounds: number;
  seconds: number;
  connections: number;
  target: number;
}

async function measure(target: string, side: Side, paths: string[], o: VersusOptions): Promise<Round> {
  const requests = paths.map((path) => ({ method: "GET" as const, path }));
  const cpuBefore = cpuUs(side.pid);
  const r = await autocannon({ url: side.url, connections: o.connections, duration: o.seconds, requests });
  const cpuUsPerRequest = (cpuUs(side.pid) - cpuBefore) / r.requests.total;
  return { target, rps: r.requests.total / r.duration, cpuUsPerRequest, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx };
}

/** Prints every round, the median-rps ratio and the CPU-per-request (capacity) ratio against the target. */
export async function versusBare(app: Side, bare: Side, paths: string[], o: VersusOptions): Promise<void> {
  await measure("warmup", app, paths, o);
  await measure("warmup", bare, paths, o);
  const rounds: Round[] = [];
  for (let i = 0; i < o.rounds; i++) {
    rounds.push(await measure("bookstore", app, paths, o));
    rounds.push(await measure("bare-node", bare, paths, o));
  }
  for (const r of rounds)
    console.log(`${r.target.padEnd(10)} ${r.rps.toFixed(0).padStart(7)} rps  p50 ${r.p50} ms  p99 ${r.p99} ms  cpu ${r.cpuUsPerRequest.toFixed(1)} µs/req  non2xx ${r.non2xx}`);
  const ours = rounds.filter((r) => r.target === "bookstore");
  const theirs = rounds.filter((r) => r.target === "bare-node");
  const perRound = ours.map((r, i) => r.rps / (theirs[i]?.rps ?? Infinity));
  const ratio = median(ours.map((r) => r.rps)) / median(theirs.map((r) => r.rps));
  const met = (x: number) => (x >= o.target ? "MET" : "NOT MET");
  console.log(`median rps: bookstore ${median(ours.map((r) => r.rps)).toFixed(0)}, bare node:http ${median(theirs.map((r) => r.rps)).toFixed(0)}`);
  console.log(`p99 ms: bookstore ${median(ours.map((r) => r.p99))}, bare ${median(theirs.map((r) => r.p99))}`);
  console.log(`ratio bookstore/bare (median rps): ${ratio.toFixed(3)}  per round: ${perRound.map((x) => x.toFixed(3)).join(" ")}  target >= ${o.target} ${met(ratio)}`);
  // The same comparison from server CPU per request: what each sustains with a core to itself. Load from other
  // processes on a shared machine moves rps a lot and CPU per request little.
  const ourCpu = median(ours.map((r) => r.cpuUsPerRequest));
  const bareCpu = median(theirs.map((r) => r.cpuUsPerRequest));
  console.log(`cpu per request: bookstore ${ourCpu.toFixed(1)} µs, bare ${bareCpu.toFixed(1)} µs → capacity ratio ${(bareCpu / ourCpu).toFixed(3)}  target >= ${o.target} ${met(bareCpu / ourCpu)}`);
}
