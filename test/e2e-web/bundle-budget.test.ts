import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "vite";
import { describe, expect, it } from "vitest";
import { buildWeb } from "../../apps/web/tools/ensure-web-build.js";

const BUDGET_BYTES = 150 * 1024;

/** Scripts the page loads before anything else happens: its module entries and their modulepreloads. */
function initialScripts(html: string): string[] {
  const srcs = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1] ?? "");
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1] ?? "");
  return [...new Set([...srcs, ...preloads])];
}

describe("storefront bundle budget", () => {
  it("the JS the storefront's index.html loads initially is at most 150 KB gzipped, and admin code is not part of it", async () => {
    const out = mkdtempSync(join(tmpdir(), "web-budget-"));
    try {
      await buildWeb(build, { outDir: out });
      const html = readFileSync(join(out, "index.html"), "utf8");
      const scripts = initialScripts(html);
      expect(scripts.length).toBeGreaterThan(0);
      let gzipped = 0;
      for (const src of scripts) {
        const code = readFileSync(join(out, src.replace(/^\//, "")));
        gzipped += gzipSync(code, { level: 9 }).length;
      }
      console.log(`storefront initial JS: ${scripts.length} files, ${(gzipped / 1024).toFixed(1)} KB gzip (budget 150 KB)`);
      expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
      // The admin console is its own page: its entry chunk is not among what the storefront loads.
      const adminEntry = /<script[^>]*type="module"[^>]*src="([^"]+)"/.exec(readFileSync(join(out, "admin", "index.html"), "utf8"))?.[1];
      expect(adminEntry).toMatch(/^\/assets\/admin-/);
      expect(scripts).not.toContain(adminEntry);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
