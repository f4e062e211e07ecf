import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import type { build as viteBuild } from "vite";

const WEB_ROOT = fileURLToPath(new URL("../", import.meta.url));
export const WEB_DIST = join(WEB_ROOT, "dist");
const SOURCES = ["src", "index.html", "admin/index.html", "vite.config.ts", "package.json"];
const LOCK = join(WEB_ROOT, ".build.lock");
const STALE_LOCK_MS = 120_000;

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs; // a deleted file shows as a newer directory
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** Fresh when dist/index.html (rewritten by every build) is newer than every source file: a stat walk, no hashing. */
export function webBuildIsFresh(): boolean {
  const built = join(WEB_DIST, "index.html");
  if (!existsSync(built)) return false;
  const sources = Math.max(...SOURCES.map((s) => newestMtime(join(WEB_ROOT, s))));
  return statSync(built).mtimeMs >= sources;
}

/** One builder at a time (parallel test files, two starts): mkdir is atomic; a crashed builder's lock expires. */
async function withLock<T>(work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const heldSince = statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - heldSince > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      await sleep(200);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * A production build even when this process runs with NODE_ENV=test (vitest): Vite and the React plugin read
 * NODE_ENV, and a development React would be both measured by the budget test and served.
 */
export async function buildWeb(build: typeof viteBuild, overrides: { outDir?: string } = {}): Promise<void> {
  const previous = process.env["NODE_ENV"];
  process.env["NODE_ENV"] = "production";
  try {
    await build({
      configFile: join(WEB_ROOT, "vite.config.ts"),
      logLevel: "warn",
      ...(overrides.outDir ? { build: { outDir: overrides.outDir, emptyOutDir: true } } : {}),
    });
  } finally {
    if (previous === undefined) delete process.env["NODE_ENV"];
    else process.env["NODE_ENV"] = previous;
  }
}

export type WebBuildOutcome = "fresh" | "built" | "unavailable";

/**
 * Builds apps/web into dist when it is missing or older than its sources (first `npm start`, or after an edit);
 * otherwise costs only a stat walk. Without Vite (a production install without dev dependencies) it reports
 * "unavailable" and the gateway serves a page that says how to build.
 */
export async function ensureWebBuilt(log: (msg: string) => void = () => undefined): Promise<WebBuildOutcome> {
  if (webBuildIsFresh()) return "fresh";
  return withLock(async () => {
    if (webBuildIsFresh()) return "fresh"; // built by whoever held the lock
    let build: typeof viteBuild;
    try {
      ({ build } = await import("vite"));
    } catch (e) {
      log(`web apps not built and Vite is not installed (${String(e)}); run npm install && npm run build:web`);
      return "unavailable";
    }
    log("building the storefront and admin console (apps/web → apps/web/dist)…");
    const started = Date.now();
    await buildWeb(build);
    log(`web apps built in ${Date.now() - started} ms`);
    return "built";
  });
}
