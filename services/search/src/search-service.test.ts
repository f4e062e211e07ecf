import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InProcessEventBus } from "@bookstore/platform/events";
import { InProcessEventStream } from "@bookstore/platform/outbox";
import { createClient, type Client, type ConnectRouter, type HandlerContext } from "@connectrpc/connect";
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { BookSchema, CatalogService, StockSchema, type Book, type Stock } from "@bookstore/contracts/catalog/v1/catalog";
import { SearchService } from "@bookstore/contracts/search/v1/search";
import { systemClock } from "@bookstore/platform/clock";
import { loadConfig } from "@bookstore/platform/config";
import { fromConnectError, isAppError } from "@bookstore/platform/errors";
import { Snowflake } from "@bookstore/platform/ids";
import { createLogger } from "@bookstore/platform/logger";
import { createMetrics } from "@bookstore/platform/metrics";
import { InProcessTransports, requirePermission } from "@bookstore/platform/rpc";
import type { ServiceHandle } from "@bookstore/platform/runtime";
import { eventually } from "@bookstore/platform/testing";
import { buildSearchService } from "./main.js";

/**
 * The catalog's two feed RPCs over a real Connect router, so the service is tested as main.ts wires it
 * (client, caller headers, handlers, error mapping). The catalog's own suites test the real feed.
 */
class FeedCatalog {
  private books: { book: Book; stock: Stock; changedAt: number }[] = [];
  private tick = 0;

  put(book: MessageInitShape<typeof BookSchema> & { id: string }, available = 3): void {
    const full = create(BookSchema, { language: "en", categoryId: "1", priceCents: 1000n, currency: "CNY", createdAtMs: 1n, ...book });
    const stock = create(StockSchema, { bookId: book.id, available, version: 1 });
    this.books = this.books.filter((b) => b.book.id !== book.id);
    this.books.push({ book: full, stock, changedAt: ++this.tick });
  }

  routes = (router: ConnectRouter) =>
    router.service(CatalogService, {
      listBookChanges: (req, ctx: HandlerContext) => {
        requirePermission(ctx, "book:read");
        const after = Number(req.afterChangedAtMs);
        const page = this.books.filter((b) => b.changedAt > after).slice(0, req.limit);
        const last = page.at(-1);
        return {
          books: page.map((b) => b.book),
          stocks: page.map((b) => b.stock),
          nextChangedAtMs: BigInt(last?.changedAt ?? after),
          nextId: last?.book.id ?? req.afterId,
        };
      },
      listCategories: (_req, ctx: HandlerContext) => {
        requirePermission(ctx, "category:read");
        return { categories: [{ id: "1", name: "Computing", parentId: "" }] };
      },
    });
}

/** The reason a call failed with; Connect wraps what the client interceptor rethrows, so look at the cause too. */
async function failure(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (e) {
    if (e instanceof Error && isAppError(e.cause)) return e.cause.reason;
    return fromConnectError(e).reason;
  }
  return "succeeded";
}

describe("search service over Connect", () => {
  const catalog = new FeedCatalog();
  let handle: ServiceHandle;
  let search: Client<typeof SearchService>;

  beforeAll(async () => {
    const config = loadConfig({ env: { BOOKSTORE_LOG_LEVEL: "silent", BOOKSTORE_SEARCH__SNAPSHOT_PATH: "off" } });
    const logger = createLogger({ level: "silent", name: "search-test" });
    const metrics = createMetrics();
    const transports = new InProcessTransports(logger, metrics);
    catalog.put({ id: "11", title: "深入理解计算机系统", language: "zh" });
    catalog.put({ id: "12", title: "The Go Programming Language", authors: ["Alan Donovan"] });
    transports.register("catalog", catalog.routes);
    handle = await buildSearchService(config, {
      config, logger, metrics, ids: new Snowflake(3), clock: systemClock, events: new InProcessEventBus(), stream: new InProcessEventStream(logger), transportFor: (s) => transports.transportFor(s),
    });
    transports.register("search", (r) => handle.routes(r));
    search = createClient(SearchService, transports.transportFor("search"));
    await handle.start();
  });
  afterAll(() => handle.close());

  const q = (text: string, extra: Record<string, unknown> = {}) => search.search({ q: text, ...extra });

  it("indexes the catalog at start and finds CJK and English titles", async () => {
    // Generous: loading the dictionaries and the first sync compete with parallel suites for two cores.
    await eventually(async () => expect((await q("计算机")).hits.map((h) => h.bookId)).toEqual(["11"]), { timeoutMs: 20_000 });
    expect((await q("go programming")).hits.map((h) => h.bookId)).toEqual(["12"]);
    // Category names come from the catalog and are searchable too.
    expect((await q("computing")).total).toBe(2);
  });

  it("follows changes and deletions by its resync poll (no events here), within a few seconds", async () => {
    // No catalog event is sent, so only the catalogEvents.searchResyncMs (2 s) poll can find these changes.
    catalog.put({ id: "13", title: "Zyzzyva Handbook" });
    await eventually(async () => expect((await q("zyzzyva")).total).toBe(1), { timeoutMs: 6_000 });
    catalog.put({ id: "13", title: "Zyzzyva Handbook", deleted: true });
    await eventually(async () => expect((await q("zyzzyva")).total).toBe(0), { timeoutMs: 6_000 });
  });

  it("reports stock as a filter and facets", async () => {
    catalog.put({ id: "14", title: "Out of print", priceCents: 12_000n }, 0);
    await eventually(async () => expect((await q("print")).total).toBe(1), { timeoutMs: 6_000 });
    expect((await q("print", { inStock: true })).total).toBe(0);
    const res = await q("print", { inStock: false });
    expect(res.priceFacets).toEqual([expect.objectContaining({ value: "10000+", count: 1 })]);
  });

  it("answers bad input with VALIDATION_FAILED", async () => {
    expect(await failure(q("x", { sort: "cheapest" }))).toBe("VALIDATION_FAILED");
    expect(await failure(q("x".repeat(201)))).toBe("VALIDATION_FAILED");
    expect(await failure(search.suggest({ q: "x", limit: 11 }))).toBe("VALIDATION_FAILED");
  });

  it("suggests and ranks hot keywords", async () => {
    expect((await search.suggest({ q: "the go" })).suggestions).toEqual(["The Go Programming Language"]);
    await q("Donovan");
    await q("donovan");
    expect((await search.hot({})).keywords).toContainEqual(expect.objectContaining({ keyword: "donovan", count: 2 }));
  });
});
