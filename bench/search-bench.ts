// bench:search — the search service on 100k generated books, embedded mode (in-process Connect router transport).
// 1. Build: the service as main.ts wires it follows a generated catalog's change feed from empty; prints the time until
//    every book is searchable, the suggest warm-up, RSS, and the snapshot save that follows the first full build.
// 2. Queries: a mix of broad and narrow Chinese, English, pinyin, typo, ISBN, author, filtered and sorted searches at
//    1, 8 and 32 concurrent callers; p50/p99 per level (target: p99 ≤ 15 ms at 1 concurrent). Then one catalog edit,
//    and searches while the periodic snapshot saves it (a save yields between sections; taking the image does not).
// 3. Restart: the service is closed and built again on the same data dir in a fresh process: the snapshot load, and
//    the time from the build call until a search answers over all books (target ≤ 2 s).
// BOOKS (default 100000) and REQUESTS per level (default 2000) are environment knobs.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { create } from "@bufbuild/protobuf";
import { createClient, type ConnectRouter } from "@connectrpc/connect";
import { BookSchema, CatalogService, StockSchema, type Book, type Stock } from "@bookstore/contracts/catalog/v1/catalog";
import { SearchService } from "@bookstore/contracts/search/v1/search";
import { systemClock } from "@bookstore/platform/clock";
import { loadConfig } from "@bookstore/platform/config";
import { InProcessEventBus } from "@bookstore/platform/events";
import { Snowflake } from "@bookstore/platform/ids";
import { createLogger } from "@bookstore/platform/logger";
import { createMetrics } from "@bookstore/platform/metrics";
import { InProcessEventStream } from "@bookstore/platform/outbox";
import { InProcessTransports } from "@bookstore/platform/rpc";
import type { ServiceHandle } from "@bookstore/platform/runtime";
import { buildSearchService, DEFAULT_SNAPSHOT_FILE } from "../services/search/src/main.js";

const BOOKS = Number(process.env["BOOKS"] ?? 100_000);
const REQUESTS = Number(process.env["REQUESTS"] ?? 2_000);
const TARGET_P99_MS = 15;
const TARGET_RESTART_MS = 2_000;

// ---------------------------------------------------------------------------------------------------------------
// The generated catalogue: deterministic (seeded), Zipf-distributed words so some terms are in most books, like 计算机.

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const ZH_WORDS = [
  "计算机", "程序", "设计", "算法", "数据", "系统", "网络", "原理", "编程", "实践", "入门", "指南", "深入理解", "架构", "分布式",
  "数据库", "操作系统", "人工智能", "机器学习", "深度学习", "软件工程", "历史", "中国", "世界", "文学", "小说", "故事", "人生", "哲学",
  "思想", "经济", "管理", "商业", "科学", "宇宙", "物理", "数学", "艺术", "音乐", "电影", "旅行", "城市", "文化", "教育", "心理学",
  "社会", "战争", "和平", "科幻", "三体", "红楼梦", "围城", "活着", "明朝", "唐诗", "宋词", "诗经", "论语", "孙子兵法", "史记",
  "基础", "高级", "实战", "精通", "导论", "简史", "方法", "技术", "工程", "模式", "语言", "编译", "安全", "云计算", "大数据",
];
const EN_WORDS = [
  "programming", "design", "systems", "data", "learning", "history", "world", "introduction", "guide", "modern", "practical",
  "art", "science", "language", "network", "algorithms", "python", "java", "rust", "go", "thinking", "patterns", "theory",
  "engineering", "distributed", "database", "machine", "deep", "clean", "code", "architecture", "software", "computer",
  "security", "cloud", "web", "mathematics", "physics", "economics", "philosophy", "novel", "stories", "life", "mind",
  "business", "management", "strategy", "writing", "reading", "children", "music", "film", "travel", "city", "culture",
];
const SURNAMES = [..."王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"];
const GIVEN = [..."伟芳娜敏静磊洋勇军杰涛明超秀英华慧建国平"];
const FIRST = ["John", "Mary", "Robert", "Linda", "Michael", "Susan", "David", "Karen", "James", "Alan", "Grace", "Ada"];
const LAST = ["Smith", "Brown", "Knuth", "Martin", "Fowler", "Kernighan", "Donovan", "Thomas", "Hunt", "Wayne", "Hopper"];
const PUBLISHERS = ["机械工业出版社", "人民邮电出版社", "电子工业出版社", "清华大学出版社", "O'Reilly Media", "作家出版社", "中信出版社"];
const CATEGORIES = [
  ["1", "计算机/Computing"], ["2", "文学/Literature"], ["3", "科幻/Science Fiction"], ["4", "历史/History"],
  ["5", "哲学/Philosophy"], ["6", "经济管理/Business"], ["7", "科普/Popular Science"], ["8", "少儿/Children"], ["9", "艺术/Art"],
] as const;

/** The i-th generated ISBN-13: 979, nine digits of i, check digit. */
function isbnOf(i: number): string {
  const body = `979${String(i).padStart(9, "0")}`;
  const sum = [...body].reduce((s, d, at) => s + Number(d) * (at % 2 === 0 ? 1 : 3), 0);
  return body + String((10 - (sum % 10)) % 10);
}

interface GeneratedBook {
  book: Book;
  stock: Stock;
}

function generateCatalog(n: number): GeneratedBook[] {
  const r = random(20_261_203);
  // Zipf: word i is picked with weight 1/(i+1), so the first words are in a large share of the books.
  const zipf = <T>(xs: readonly T[]) => {
    const weights = xs.map((_, i) => 1 / (i + 1));
    const total = weights.reduce((a, b) => a + b, 0);
    return () => {
      let x = r() * total;
      for (let i = 0; i < xs.length; i++) if ((x -= weights[i] ?? 0) <= 0) return xs[i] as T;
      return xs[xs.length - 1] as T;
    };
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  const zh = zipf(ZH_WORDS);
  const en = zipf(EN_WORDS);
  const words = (next: () => string, min: number, max: number, sep: string) =>
    Array.from({ length: min + Math.floor(r() * (max - min + 1)) }, next).join(sep);
  return Array.from({ length: n }, (_, i) => {
    const chinese = r() < 0.6;
    const category = r() < 0.35 ? CATEGORIES[0] : pick(CATEGORIES);
    const id = String(1_000_000_000 + i);
    const book = create(BookSchema, {
      id,
      isbn: isbnOf(i),
      title: chinese ? words(zh, 2, 4, "") + (r() < 0.3 ? `（第${1 + Math.floor(r() * 5)}版）` : "") : words(en, 2, 5, " "),
      authors: Array.from({ length: 1 + Math.floor(r() * 2) }, () =>
        chinese && r() < 0.7 ? pick(SURNAMES) + pick(GIVEN) + (r() < 0.5 ? pick(GIVEN) : "") : `${pick(FIRST)} ${pick(LAST)}`,
      ),
      publisher: pick(PUBLISHERS),
      language: chinese ? "zh" : "en",
      categoryId: category[0],
      priceCents: BigInt(500 + Math.floor(r() * 20_000)),
      currency: "CNY",
      description: chinese ? words(zh, 10, 30, "，") + "。" : words(en, 15, 45, " ") + ".",
      createdAtMs: BigInt(1_600_000_000_000 + i * 60_000),
    });
    const stock = create(StockSchema, { bookId: id, available: r() < 0.8 ? 1 + Math.floor(r() * 50) : 0, version: 1 });
    return { book, stock };
  });
}

/** The catalog's feed RPCs over the generated books: what the search service reads, as the real catalog serves it. */
function catalogRoutes(books: GeneratedBook[]) {
  return (router: ConnectRouter) =>
    router.service(CatalogService, {
      listBookChanges: (req) => {
        // Each book changed once, at its position: the cursor is the position.
        const from = Number(req.afterChangedAtMs);
        const page = books.slice(from, from + req.limit);
        const next = from + page.length;
        return {
          books: page.map((b) => b.book),
          stocks: page.map((b) => b.stock),
          nextChangedAtMs: BigInt(next),
          nextId: page.at(-1)?.book.id ?? req.afterId,
        };
      },
      listCategories: () => ({ categories: CATEGORIES.map(([id, name]) => ({ id, name, parentId: "" })) }),
    });
}

// ---------------------------------------------------------------------------------------------------------------

const QUERY_MIX: { label: string; req: Record<string, unknown> }[] = [
  { label: "broad CJK (计算机: category + titles)", req: { q: "计算机" } },
  { label: "broad CJK traditional (計算機)", req: { q: "計算機" } },
  { label: "CJK phrase (深入理解计算机)", req: { q: "深入理解计算机" } },
  { label: "CJK two words (分布式 系统)", req: { q: "分布式 系统" } },
  { label: "CJK rare (孙子兵法)", req: { q: "孙子兵法" } },
  { label: "English broad (programming)", req: { q: "programming" } },
  { label: "English two words (design patterns)", req: { q: "design patterns" } },
  { label: "English typo (architecure)", req: { q: "architecure" } },
  { label: "pinyin (jisuanji)", req: { q: "jisuanji" } },
  { label: "author (王伟)", req: { q: "王伟" } },
  { label: "author (Grace Hopper)", req: { q: "Grace Hopper" } },
  { label: "ISBN with hyphens", req: { q: `${isbnOf(1234).slice(0, 3)}-${isbnOf(1234).slice(3, 12)}-${isbnOf(1234).slice(12)}` } },
  { label: "filters only, price sort", req: { categoryId: "1", sort: "price_asc", minPriceCents: 1_000n, maxPriceCents: 5_000n } },
  { label: "everything, newest", req: {} },
  { label: "text + filters (数据 zh in stock)", req: { q: "数据", language: "zh", inStock: true } },
  { label: "bestselling (小说)", req: { q: "小说", sort: "bestselling" } },
  { label: "page 5 (python)", req: { q: "python", page: 5 } },
];

const pct = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;

/** Log lines of the service, to read the durations it reports (snapshot save and restore). */
class LogLines extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  }
  find(msg: string): Record<string, unknown> | undefined {
    return this.lines.findLast((l) => l["msg"] === msg);
  }
  count(msg: string): number {
    return this.lines.filter((l) => l["msg"] === msg).length;
  }
}

async function waitUntil<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The generated catalogue behind an in-process Connect transport, and a search service built on `dataDir`. */
function searchProcess(dataDir: string, log: LogLines, catalog: GeneratedBook[]) {
  const logger = createLogger({ level: "info", name: "search-bench", destination: log });
  // Snapshots every second when changed, so the bench can watch searches while one is saved.
  const config = loadConfig({ env: { DATA_DIR: dataDir, BOOKSTORE_LOG_LEVEL: "info", BOOKSTORE_SEARCH__SNAPSHOT_INTERVAL_MS: "1000" } });
  const transports = new InProcessTransports(logger, createMetrics());
  transports.register("catalog", catalogRoutes(catalog));
  const search = createClient(SearchService, transports.transportFor("search"));
  const build = async (): Promise<ServiceHandle> => {
    const handle = await buildSearchService(config, {
      config, logger, metrics: createMetrics(), ids: new Snowflake(7), clock: systemClock, events: new InProcessEventBus(),
      stream: new InProcessEventStream(logger), transportFor: (s) => transports.transportFor(s),
    });
    transports.register("search", (router) => handle.routes(router));
    await handle.start();
    return handle;
  };
  const allSearchable = () => waitUntil(async () => ((await search.search({ size: 1 })).total === BOOKS ? true : undefined), 600_000);
  /** A catalog edit: the book's newer version is appended to the change feed. */
  const edit = (at: number, title: string) => {
    const known = catalog[at];
    if (known) catalog.push({ book: create(BookSchema, { ...known.book, title }), stock: known.stock });
  };
  return { search, build, allSearchable, edit };
}

interface RestartResult {
  loadMs: number;
  builtMs: number;
  servingMs: number;
  rss: number;
}

/**
 * The restart, in a fresh process as a real one is (no first index, no generated catalogue in its heap): the feed
 * has nothing after the snapshot's cursor, as when nothing changed while search was down. Prints RestartResult.
 */
async function restartChild(dataDir: string): Promise<void> {
  const log = new LogLines();
  const { build, allSearchable } = searchProcess(dataDir, log, []);
  const started = performance.now();
  const handle = await build();
  const builtMs = performance.now() - started;
  await allSearchable();
  const servingMs = performance.now() - started;
  const result: RestartResult = { loadMs: Number(log.find("search index snapshot restore")?.["ms"]), builtMs, servingMs, rss: process.memoryUsage().rss };
  await handle.close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runRestartChild(dataDir: string): Promise<RestartResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: { ...process.env, SEARCH_BENCH_RESTART_DIR: dataDir },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString("utf8")));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`restart child exited ${code}`));
      resolve(JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as RestartResult);
    });
  });
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "bookstore-search-bench-"));
  const log = new LogLines();
  console.log(`# bench:search ${new Date().toISOString()} node ${process.version}; ${BOOKS} generated books; embedded mode`);
  let t = performance.now();
  const { search, build, allSearchable, edit } = searchProcess(dataDir, log, generateCatalog(BOOKS));
  console.log(`generated the catalogue in ${ms(performance.now() - t)}`);
  let handle: ServiceHandle | undefined;
  try {
    // 1. Build from an empty index.
    const rssBefore = process.memoryUsage().rss;
    t = performance.now();
    handle = await build();
    await allSearchable();
    const buildMs = performance.now() - t;
    const snapshotFile = join(dataDir, DEFAULT_SNAPSHOT_FILE);
    await waitUntil(async () => log.find("search index snapshot saved"), 600_000);
    const afterSave = performance.now() - t;
    globalThis.gc?.();
    const rss = process.memoryUsage().rss;
    console.log(`\n## build (follows the change feed from empty, as a first start does)`);
    console.log(`index build: all ${BOOKS} books searchable after ${ms(buildMs)} (${ms(buildMs / (BOOKS / 1000))} per 1000 books)`);
    console.log(
      `suggest warm-up + first snapshot: done ${ms(afterSave - buildMs)} later; snapshot save ${ms(Number(log.find("search index snapshot saved")?.["ms"]))}, file ${mb(statSync(snapshotFile).size)}`,
    );
    console.log(`RSS: ${mb(rss)} (before the build: ${mb(rssBefore)}, most of it the generated catalogue, which stays)`);

    // 2. Query mix at 1, 8, 32 concurrent callers.
    console.log(`\n## queries (${REQUESTS} per level, the mix below in turn, through the Connect client)`);
    for (const { label, req } of QUERY_MIX) {
      const res = await search.search(req);
      const times: number[] = [];
      for (let i = 0; i < 30; i++) {
        const s = performance.now();
        await search.search(req);
        times.push(performance.now() - s);
      }
      times.sort((a, b) => a - b);
      console.log(`  ${label.padEnd(42)} total ${String(res.total).padStart(6)}  p50 ${ms(pct(times, 50)).padStart(8)}  max ${ms(pct(times, 100)).padStart(8)}`);
    }
    let p99At1 = Number.NaN;
    for (const concurrency of [1, 8, 32]) {
      const latencies: number[] = [];
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < REQUESTS) {
            const { req } = QUERY_MIX[next++ % QUERY_MIX.length] ?? { req: {} };
            const s = performance.now();
            await search.search(req);
            latencies.push(performance.now() - s);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      if (concurrency === 1) p99At1 = pct(latencies, 99);
      console.log(
        `concurrency ${String(concurrency).padStart(2)}: p50 ${ms(pct(latencies, 50))}  p99 ${ms(pct(latencies, 99))}  max ${ms(pct(latencies, 100))}  ${(REQUESTS / seconds).toFixed(0)} searches/s`,
      );
    }
    console.log(`target p99 ≤ ${TARGET_P99_MS} ms at 1 concurrent: ${p99At1 <= TARGET_P99_MS ? "MET" : "NOT MET"} (${ms(p99At1)})`);
    console.log("(one process, one event loop: at 8 and 32 concurrent the extra latency is queueing; throughput is what to compare)");

    // Searches while a changed index is saved (the periodic snapshot): the save yields between sections.
    const saves = log.count("search index snapshot saved");
    edit(0, "快照期间的编辑 snapshot edit");
    const during: number[] = [];
    while (log.count("search index snapshot saved") === saves) {
      // The in-process transport answers within microtasks: yield, or the poller's and the saver's timers never run.
      await new Promise((resolve) => setImmediate(resolve));
      const s = performance.now();
      await search.search({ q: "孙子兵法" });
      during.push(performance.now() - s);
    }
    during.sort((a, b) => a - b);
    console.log(
      `\nsearches while a snapshot was saved (${ms(Number(log.find("search index snapshot saved")?.["ms"]))}): ${during.length} searches, p50 ${ms(pct(during, 50))}, max ${ms(pct(during, 100))}`,
    );

    // 3. Restart from the snapshot, in a fresh process.
    await handle.close();
    handle = undefined;
    console.log(`\n## restart (a fresh process on the same data dir, nothing changed in the catalogue meanwhile)`);
    const restart = await runRestartChild(dataDir);
    console.log(`snapshot load: ${ms(restart.loadMs)}; service built in ${ms(restart.builtMs)}; RSS ${mb(restart.rss)}`);
    console.log(
      `restart → first search over all ${BOOKS} books: ${ms(restart.servingMs)} — target ≤ ${TARGET_RESTART_MS} ms: ${restart.servingMs <= TARGET_RESTART_MS ? "MET" : "NOT MET"}`,
    );
  } finally {
    await handle?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const restartDir = process.env["SEARCH_BENCH_RESTART_DIR"];
await (restartDir ? restartChild(restartDir) : main());
