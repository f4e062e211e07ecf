import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const LOCK = join(tmpdir(), "bookstore-heavy-suite.lock");
/** A holder that has not written its pid this long after taking the lock died in between. */
const OWNERLESS_GRACE_MS = 5_000;

function holderIsGone(): boolean {
  let owner: string;
  try {
    owner = readFileSync(join(LOCK, "owner"), "utf8");
  } catch {
    const since = statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs;
    return since === undefined || Date.now() - since > OWNERLESS_GRACE_MS;
  }
  const pid = Number(owner.split(" ")[0]);
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * One multi-process suite at a time (a distributed bookstore, `cluster up`, nginx with gateways): each starts 7–25
 * node processes, and two of them starting together on two cores starve each other (and every lighter suite) into
 * timeouts. The other test worker keeps running light suites meanwhile. Resolves to the release function; a holder
 * that dies without releasing is detected by its pid.
 */
export async function heavySuiteSlot(what: string, timeoutMs = 15 * 60_000): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, "owner"), `${process.pid} ${what}`);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      if (holderIsGone()) rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`${what}: waited ${timeoutMs} ms for another multi-process suite`);
      else await sleep(250);
    }
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    rmSync(LOCK, { recursive: true, force: true });
  };
}
