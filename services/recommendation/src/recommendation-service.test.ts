import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { createClient, type Client, type ConnectRouter } from "@connectrpc/connect";
import { BookSchema, CatalogService, CategorySchema, type Book } from "@bookstore/contracts/catalog/v1/catalog";
import { RecommendationService } from "@bookstore/contracts/recommendation/v1/recommendation";
import { FakeClock } from "@bookstore/platform/clock";
import { loadConfig } from "@bookstore/platform/config";
import { fromConnectError, isAppError } from "@bookstore/platform/errors";
import { InProcessEventBus } from "@bookstore/platform/events";
import { Snowflake } from "@bookstore/platform/ids";
import { createLogger } from "@bookstore/platform/logger";
import { createMetrics } from "@bookstore/platform/metrics";
import { InProcessEventStream } from "@bookstore/platform/outbox";
import { callerHeaders, InProcessTransports, requireCaller, type Caller } from "@bookstore/platform/rpc";
import { eventually } from "@bookstore/platform/testing";
import type { ServiceHandle } from "@bookstore/platform/runtime";
import { buildRecommendationService } from "./main.js";

const CATEGORIES = [
  ["11", "计算机/Computing"],
  ["12", "文学/Literature"],
  ["13", "科幻/Science Fiction"],
  ["14", "历史/History"],
] as const;

/** 24 books over four shelves (two by the same author), and one deleted book, 1099. */
const BOOKS: Book[] = [
  create(BookSchema, { id: "1001", title: "计算机网络", authors: ["谢希仁"], categoryId: "11", createdAtMs: 1001n, updatedAtMs: 1n }),
  create(BookSchema, { id: "1002", title: "数据通信与网络", authors: ["谢希仁"], categoryId: "11", createdAtMs: 1002n, updatedAtMs: 1n }),
  ...Array.from({ length: 22 }, (_, i) =>
    create(BookSchema, {
      id: String(1003 + i), title: `书${1003 + i}`, authors: [`作者${i}`], categoryId: CATEGORIES[i % 4]?.[0] ?? "11",
      createdAtMs: BigInt(1003 + i), updatedAtMs: 1n,
    }),
  ),
  create(BookSchema, { id: "1099", title: "已下架", authors: ["某人"], categoryId: "12", createdAtMs: 1n, updatedAtMs: 1n, deleted: true }),
];

/** The catalog's read RPCs the service uses, over a real Connect router. */
const catalogRoutes = (router: ConnectRouter) =>
  router.service(CatalogService, {
    listBooks: (req, ctx) => {
      requireCaller(ctx);
      return { books: BOOKS.slice(0, req.size), total: BOOKS.length };
    },
    listBookChanges: (req, ctx) => {
      requireCaller(ctx);
      // Every book changed at 1 ms; after that nothing changes.
      const books = req.afterChangedAtMs >= 1n ? [] : BOOKS;
      return { books, stocks: [], nextChangedAtMs: books.length > 0 ? 1n : req.afterChangedAtMs, nextId: books.at(-1)?.id ?? req.afterId };
    },
    listCategories: (_req, ctx) => {
      requireCaller(ctx);
      return { categories: CATEGORIES.map(([id, name]) => create(CategorySchema, { id, name })) };
    },
    batchGetBooks: (req, ctx) => {
      requireCaller(ctx);
      return { books: BOOKS.filter((b) => req.ids.includes(b.id)) };
    },
  });

async function failure(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (e) {
    if (e instanceof Error && isAppError(e.cause)) return e.cause.reason;
    return fromConnectError(e).reason;
  }
  return "succeeded";
}

const as = (caller: Caller) => ({ headers: callerHeaders(caller) });
const customer = (userId: string): Caller => ({ userId, role: "customer", permissions: [] });
const categoryOf = (id: string) => BOOKS.find((b) => b.id === id)?.categoryId;

describe("recommendation service over Connect", () => {
  let dataDir: string;
  let handle: ServiceHandle;
  let rec: Client<typeof RecommendationService>;
  const clock = new FakeClock(new Date());
  let stream: InProcessEventStream;

  const record = (userId: string, event: { type: string; bookId: string; value?: number; feedback?: string; clientEventId?: string }) =>
    rec.recordEvent({ userId, ...event }, as(customer(userId)));
  const forUser = (userId: string, limit = 10) => rec.forUser({ userId, limit }, as(customer(userId)));

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "bookstore-rec-"));
    const config = loadConfig({ env: { DATA_DIR: dataDir, BOOKSTORE_LOG_LEVEL: "silent", BOOKSTORE_RECOMMENDATION__CATALOG_SYNC_MS: "100" } });
    const logger = createLogger({ level: "silent", name: "rec-test" });
    const metrics = createMetrics();
    const transports = new InProcessTransports(logger, metrics);
    transports.register("catalog", catalogRoutes);
    handle = await buildRecommendationService(config, {
      config, logger, metrics, ids: new Snowflake(5), clock, events: new InProcessEventBus(), stream: (stream = new InProcessEventStream(logger)), transportFor: (s) => transports.transportFor(s),
    });
    transports.register("recommendation", (r) => handle.routes(r));
    await handle.start();
    rec = createClient(RecommendationService, transports.transportFor("recommendation"));
    // The catalog mirror has synced once the category names show in the reasons.
    await eventually(async () => expect((await forUser("0")).items[0]?.reason).toMatch(/^new in /));
  });
  afterAll(async () => {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows the newest books, at most 3 per shelf, while nobody has done anything", async () => {
    const res = await forUser("cold-1");
    expect(res.strategy).toBe("popular");
    expect(res.items).toHaveLength(10);
    expect(res.items.map((i) => i.bookId)).not.toContain("1099");
    for (const [shelf] of CATEGORIES) expect(res.items.filter((i) => categoryOf(i.bookId) === shelf).length).toBeLessThanOrEqual(3);
    expect(res.items[0]).toMatchObject({ bookId: "1024", reasonCode: "new_arrival", reason: `new in ${CATEGORIES[1][1]}` });
    expect(await rec.forBook({ bookId: "1001" })).toMatchObject({ strategy: "popular" });
  });

  it("checks events: the caller's own, a known and listed book, a known type and feedback kind", async () => {
    expect(await record("7", { type: "view", bookId: "1003" })).toMatchObject({ eventId: expect.stringMatching(/^server-/) });
    expect(await record("7", { type: "feedback", bookId: "1003", feedback: "like", clientEventId: "tap-1" })).toEqual(
      expect.objectContaining({ eventId: "tap-1" }),
    );
    // A retry answers the same.
    expect(await record("7", { type: "feedback", bookId: "1003", feedback: "like", clientEventId: "tap-1" })).toEqual(
      expect.objectContaining({ eventId: "tap-1" }),
    );
    // The order service's purchases count from order.paid; its direct call is accepted and ignored (no double count).
    await rec.recordEvent({ userId: "7", type: "purchase", bookId: "1004", value: 1 }, as({ userId: "7", role: "system:order", permissions: ["*"] }));
    expect(await failure(record("7", { type: "view", bookId: "1099" }))).toBe("VALIDATION_FAILED");
    expect(await failure(record("7", { type: "view", bookId: "1404" }))).toBe("VALIDATION_FAILED");
    expect(await failure(record("7", { type: "like", bookId: "1003" }))).toBe("VALIDATION_FAILED");
    expect(await failure(record("7", { type: "feedback", bookId: "1003", feedback: "love" }))).toBe("VALIDATION_FAILED");
    expect(await failure(rec.recordEvent({ userId: "8", type: "view", bookId: "1003" }, as(customer("7"))))).toBe("FORBIDDEN");
    expect(await failure(rec.recordEvent({ userId: "7", type: "view", bookId: "1003" }))).toBe("UNAUTHENTICATED");
    expect(await failure(rec.forUser({ userId: "8" }, as(customer("7"))))).toBe("FORBIDDEN");
    expect(await failure(rec.forBook({ bookId: "x" }))).toBe("VALIDATION_FAILED");
  });

  it("answers a book with what its readers also viewed, and a book nobody co-read with its content neighbours", async () => {
    await record("9", { type: "view", bookId: "1010" });
    await record("9", { type: "cart_add", bookId: "1011" });
    const res = await rec.forBook({ bookId: "1010", limit: 3 });
    expect(res.strategy).toBe("item_cf");
    expect(res.items[0]).toMatchObject({ bookId: "1011", reasonCode: "viewed_together", reason: "viewed together with “书1010”", relatedBookId: "1010" });
    expect(res.bookIds).not.toContain("1010");

    const alsoViewed = await rec.forBook({ bookId: "1001", limit: 6, neighboursOnly: true });
    expect(alsoViewed.items).toEqual([
      expect.objectContaining({ bookId: "1002", reasonCode: "same_author", reason: "same author as “计算机网络”" }),
    ]);
    expect((await rec.forBook({ bookId: "1020", neighboursOnly: true })).items).toEqual([]);
  });

  it("turns likes and purchases into recommendations at once, and leaves out what was bought or dismissed", async () => {
    // Readers who liked 1005 bought 1006 (and one of them 1007).
    for (const r of ["r1", "r2", "r3"]) {
      await record(r, { type: "view", bookId: "1005" });
      clock.advance(1_000);
      await record(r, { type: "purchase", bookId: "1006", value: 1 });
    }
    await record("r1", { type: "purchase", bookId: "1007", value: 1 });

    await record("u1", { type: "feedback", bookId: "1005", feedback: "like" });
    let mine = await forUser("u1");
    expect(mine.strategy).toBe("item_cf");
    expect(mine.items[0]).toMatchObject({ bookId: "1006", reasonCode: "viewed_together", reason: "viewed together with “书1005”" });
    expect(mine.bookIds).not.toContain("1005");

    // Not interested: gone, and it no longer counts as one of theirs.
    await record("u1", { type: "feedback", bookId: "1006", feedback: "not_interested" });
    mine = await forUser("u1");
    expect(mine.bookIds).not.toContain("1006");
    expect(mine.items.find((i) => i.bookId === "1007")).toMatchObject({ relatedBookId: "1005" });
    // A later like undoes it: 1006 is theirs again, and 1007 (bought with it) now comes because of it.
    await record("u1", { type: "feedback", bookId: "1006", feedback: "like" });
    expect((await forUser("u1")).items.find((i) => i.bookId === "1007")).toMatchObject({ reasonCode: "viewed_together", relatedBookId: "1006" });

    // A paid order (order.paid from the order service) counts as bought: never shown, "bought together" for its neighbours.
    const paid = { orderId: "5001", userId: "u1", items: [{ bookId: "1006", quantity: 1 }], paidAtMs: clock.now().getTime() };
    await stream.append({ id: "9001", topic: "order.paid", key: "5001", payload: JSON.stringify(paid) });
    mine = await forUser("u1");
    expect(mine.bookIds).not.toContain("1006");
    expect(mine.items.find((i) => i.bookId === "1007")).toMatchObject({ reasonCode: "bought_together", reason: "bought together with “书1006”" });

    await record("u1", { type: "feedback", bookId: "1007", feedback: "dislike" });
    expect((await forUser("u1")).bookIds).not.toContain("1007");
  });

  it("gives a user with no history the popular books, a few per shelf, and never an empty page", async () => {
    // Eight popular books on one shelf (11): a page of 10 still shows at most 3 of them.
    const shelf11 = BOOKS.filter((b) => b.categoryId === "11" && !b.deleted).map((b) => b.id);
    for (const [i, bookId] of shelf11.entries()) await record(`p${i}`, { type: "purchase", bookId, value: 1 });
    clock.advance(10_000); // past the cached ranking
    const res = await forUser("cold-2");
    expect(res.strategy).toBe("popular");
    expect(res.items).toHaveLength(10);
    const fromShelf11 = res.items.filter((i) => categoryOf(i.bookId) === "11");
    expect(fromShelf11).toHaveLength(3);
    expect(fromShelf11[0]).toMatchObject({ reasonCode: "popular_in_category", reason: `popular in ${CATEGORIES[0][1]}` });

    // A long page takes every listed book: the shelf cap gives way when nothing else is left.
    expect((await forUser("cold-3", 50)).items.length).toBe(24);
    // Only someone who bought every listed book gets an empty page.
    for (const b of BOOKS.filter((x) => !x.deleted)) await record("all", { type: "purchase", bookId: b.id, value: 1 });
    expect((await forUser("all")).items).toEqual([]);
  });
});
