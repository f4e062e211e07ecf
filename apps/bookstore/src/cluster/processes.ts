import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";

const BIN_DIRS = ["/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"];

/** An installed binary's path (Debian puts mariadbd and nginx in /usr/sbin, often not on a user's PATH). */
export function findBinary(name: string): string | undefined {
  return BIN_DIRS.map((d) => join(d, name)).find((p) => existsSync(p));
}

export function requireBinary(name: string, pkg: string): string {
  const path = findBinary(name);
  if (!path) throw new Error(`${name} is not installed (Debian package ${pkg})`);
  return path;
}

/**
 * Starts a process in its own session with stdout and stderr appended to `logFile`, and lets it go: it outlives
 * this CLI, and `cluster down` stops it by pid.
 */
export function spawnDetached(command: string, args: readonly string[], opts: { logFile: string; env: NodeJS.ProcessEnv; cwd?: string }): number {
  const log = openSync(opts.logFile, "a");
  try {
    const child = spawn(command, args, { detached: true, stdio: ["ignore", log, log], env: opts.env, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
    if (child.pid === undefined) throw new Error(`could not start ${command}`);
    child.unref();
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/**
 * True when `pid` runs and its command line contains `marker`: a pid from an old state file may have been reused by
 * an unrelated process since, which must be neither reported as ours nor signalled.
 */
export function isOurs(pid: number | undefined, marker: string): boolean {
  if (pid === undefined || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
    // A zombie (exited, not yet reaped by its parent) has an empty command line: it is not running.
    return cmdline.includes(marker);
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stopProcess(pid: number, marker: string, graceMs: number): Promise<"stopped" | "killed" | "not running"> {
  if (!isOurs(pid, marker)) return "not running";
  signal(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isOurs(pid, marker)) return "stopped";
    await new Promise((r) => setTimeout(r, 100));
  }
  signal(pid, "SIGKILL");
  while (isOurs(pid, marker)) await new Promise((r) => setTimeout(r, 50));
  return "killed";
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (e) {
    // Gone between the check and the signal: that is what we wanted.
    if ((e as NodeJS.ErrnoException).code !== "ESRCH") throw e;
  }
}
