import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "@bookstore/platform/config";
import { eventually, freePort } from "@bookstore/platform/testing";
import { startAllInOne } from "../../apps/bookstore/src/all-in-one.js";
import { request } from "../support/bookstore.js";

const CLI = join(import.meta.dirname, "../../apps/bookstore/bin/bookstore.mjs");

/** `bookstore <args>` to completion, with what it printed (stderr is not a terminal here). */
function bookstore(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The number in a Prometheus text exposition line for `name` (no labels but the process's). */
function sample(metrics: string, name: string): number {
  const line = metrics.split("\n").find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  return line === undefined ? Number.NaN : Number(line.slice(line.lastIndexOf(" ") + 1));
}

describe("bookstore reindex", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "bookstore-reindex-"));
  const env = { PATH: process.env["PATH"], DATA_DIR: dataDir, BOOKSTORE_LOG_LEVEL: "warn" };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("rebuilds the index snapshot from the catalog with progress, and a start serves from it at once", async () => {
    const seeded = await bookstore(["seed", "--demo"], env);
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(existsSync(join(dataDir, "search-index.snapshot"))).toBe(false); // seeding never synced search

    const reindex = await bookstore(["reindex"], env);
    expect(reindex.code, reindex.stderr).toBe(0);
    const lines = reindex.stderr.trim().split("\n");
    expect(lines[0]).toMatch(/^reindex: 0% 0\/\d+ books \d+\.\d s$/);
    expect(lines.at(-1)).toMatch(/^reindex: 100% (\d+)\/\1 books \d+\.\d s$/);
    const books = Number(/reindexed (\d+) books into (.+)$/m.exec(reindex.stdout)?.[1]);
    expect(books).toBeGreaterThanOrEqual(200);
    expect(reindex.stdout).toContain(join(dataDir, "search-index.snapshot"));

    // The embedded app on the same data dir: search answers from the snapshot, and its first catch-up from the
    // snapshot's cursor finds nothing to apply (a rebuild would apply every book again).
    const config = loadConfig({ env: { ...env, PORT: String(await freePort()), BOOKSTORE_HOST: "127.0.0.1", BOOKSTORE_SEED_DEMO: "false" } });
    const running = await startAllInOne(config);
    try {
      const all = await request(running.url, "GET", "/api/v1/search?size=1");
      expect(all.json.total).toBe(books);
      const computer = await request(running.url, "GET", `/api/v1/search?q=${encodeURIComponent("计算机")}`);
      expect(computer.json.items.length).toBeGreaterThan(0);
      await eventually(async () => {
        const metrics = (await request(running.url, "GET", "/metrics")).text;
        expect(sample(metrics, "search_index_documents")).toBe(books);
        expect(sample(metrics, "search_index_changes_applied_total")).toBe(0);
      });
      const suggest = await request(running.url, "GET", "/api/v1/search/suggest?q=jsj");
      expect(suggest.json.suggestions.length).toBeGreaterThan(0);
    } finally {
      await running.close();
    }
  });
});
