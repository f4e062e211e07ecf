import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventually } from "./eventually.js";
import { freePort } from "./free-port.js";
import { findBinary, type TestServer } from "./servers.js";

export const hasEtcd = (): boolean => findBinary("etcd") !== undefined;

export interface TestEtcd extends TestServer {
  /** SIGKILL, no cleanup by etcd (a crash); the data dir stays until stop(). */
  kill(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
  });
}

/** The member name this process was started with, read back over etcd's JSON gateway; undefined if none answers. */
async function memberNames(url: string): Promise<string[]> {
  const res = await fetch(`${url}/v3/cluster/member/list`, { method: "POST", body: "{}", signal: AbortSignal.timeout(1_000) });
  if (!res.ok) throw new Error(`member list answered ${res.status}`);
  const body = (await res.json()) as { members?: { name?: string }[] };
  return (body.members ?? []).map((m) => m.name ?? "");
}

/** A throwaway single-node etcd in a temp dir on free ports (see ../shared/SERVERS.md); the dir goes on stop(). */
export async function startEtcd(): Promise<TestEtcd> {
  const bin = findBinary("etcd");
  if (!bin) throw new Error("etcd is not installed");
  const dir = mkdtempSync(join(tmpdir(), "bookstore-etcd-"));
  let last: unknown;
  // Same reason as withPortRetry in servers.ts: a free port may be taken by a neighbour before etcd binds it.
  for (let attempt = 1; attempt <= 3; attempt++) {
    const [port, peerPort] = [await freePort(), await freePort()];
    const name = `t${randomBytes(6).toString("hex")}`;
    const url = `http://127.0.0.1:${port}`;
    const peer = `http://127.0.0.1:${peerPort}`;
    const child = spawn(bin, [
      "--name", name, "--data-dir", join(dir, `data${attempt}`),
      "--listen-client-urls", url, "--advertise-client-urls", url,
      "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", `${name}=${peer}`,
      "--log-level", "error",
    ], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    try {
      await eventually(async () => {
        if (child.exitCode !== null) throw new Error(`etcd exited: ${stderr}`);
        // Make sure the etcd on this port is ours, not a neighbour that won the port race.
        const names = await memberNames(url);
        if (!names.includes(name)) throw new Error(`port ${port} is held by another etcd (${names.join(",")})`);
      }, { timeoutMs: 20_000, intervalMs: 50 });
    } catch (e) {
      last = e;
      child.kill("SIGKILL");
      await exited(child);
      continue;
    }
    let stopped: Promise<void> | undefined;
    return {
      url,
      port,
      kill: async () => {
        child.kill("SIGKILL");
        await exited(child);
      },
      stop: () => {
        stopped ??= (async () => {
          child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
          await exited(child);
          clearTimeout(timer);
          rmSync(dir, { recursive: true, force: true });
        })();
        return stopped;
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`etcd did not start after 3 attempts: ${last instanceof Error ? last.message : String(last)}`);
}
