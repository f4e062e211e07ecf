import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { servicesRequired } from "@bookstore/platform/testing";
import { ensureWebBuilt } from "../../apps/web/tools/ensure-web-build.js";
import { startBookstore, type TestBookstore } from "../support/bookstore.js";

/** Debian's chromium (CI apt-installs it); playwright never downloads a browser here. */
export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = (): boolean => existsSync(CHROMIUM) || servicesRequired;

export const SCREENSHOTS = fileURLToPath(new URL("./screenshots/", import.meta.url));
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

export interface WebBookstore {
  api: TestBookstore;
  browser: Browser;
  /** A fresh browser profile (own localStorage) at the given viewport; UI language pinned unless `lang: false`. */
  newPage(opts?: { viewport?: { width: number; height: number }; lang?: "zh-CN" | "en" | false }): Promise<Page>;
  close(): Promise<void>;
}

/** One embedded bookstore with demo data, the built web apps and a headless chromium, for one test file. */
export async function startWebBookstore(): Promise<WebBookstore> {
  await ensureWebBuilt();
  const api = await startBookstore();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
  const contexts: BrowserContext[] = [];
  return {
    api,
    browser,
    async newPage(opts = {}) {
      const lang = opts.lang ?? "zh-CN";
      const ctx = await browser.newContext({ baseURL: api.baseUrl, viewport: opts.viewport ?? DESKTOP, locale: lang || "zh-CN" });
      // A string: this runs in the page, and the test project has no DOM types.
      if (lang) await ctx.addInitScript(`localStorage.setItem("bookstore.lang", ${JSON.stringify(lang)})`);
      contexts.push(ctx);
      const page = await ctx.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
    async close() {
      for (const c of contexts) await c.close();
      await browser.close();
      await api.close();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core from node_modules, run in the page; only serious and critical violations are returned. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: axePath });
  const result = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as { violations: AxeViolation[]; passes: unknown[] };
  if (!result.passes.length) throw new Error("axe checked nothing: is the page empty?");
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}
