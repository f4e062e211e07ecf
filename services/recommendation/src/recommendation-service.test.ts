import { mkdtempSync, rmSync } from "node:fs";
import { InProcessEventBus } from "@bookstore/platform/events";
import { InProcessEventStream } from "@bookstore/platform/outbox";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { createClient, type Client, type ConnectRouter } from "@connectrpc/connect";
import { BookSchema, CatalogService } from "@bookstore/contracts/catalog/v1/catalog";
import { RecommendationService } from "@bookstore/contracts/recommendation/v1/recommendation";
import { FakeClock } from "@bookstore/platform/clock";
import { loadConfig } from "@bookstore/platform/config";
import { fromConnectError, isAppError } from "@bookstore/platform/errors";
import { Snowflake } from "@bookstore/platform/ids";
import { createLogger } from "@bookstore/platform/logger";
import { createMetrics } from "@bookstore/platform/metrics";
import { callerHeaders, InProcessTransports, requireCaller, type Caller } from "@bookstore/platform/rpc";
import type { ServiceHandle } from "@bookstore/platform/runtime";
import { buildRecommendationService } from "./main.js";

/** The catalog's ListBooks over a real Connect router: three books, the newest last in the list. */
const catalogRoutes = (router: ConnectRouter) =>
  router.service(CatalogService, {
    listBooks: (_req, ctx) => {
      requireCaller(ctx);
      return {
        books: [
          create(BookSchema, { id: "101", createdAtMs: 1n }),
          create(BookSchema, { id: "102", createdAtMs: 2n, deleted: true }),
          create(BookSchema, { id: "103", createdAtMs: 3n }),
        ],
        total: 3,
      };
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

describe("recommendation service over Connect", () => {
  let dataDir: string;
  let handle: ServiceHandle;
  let rec: Client<typeof RecommendationService>;
  const clock = new FakeClock(new Date());
  let stream: InProcessEventStream;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "bookstore-rec-"));
    const config = loadConfig({ env: { DATA_DIR: dataDir, BOOKSTORE_LOG_LEVEL: "silent" } });
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
  });
  afterAll(async () => {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("recommends the catalog's newest books while there are no events", async () => {
    expect(await rec.forBook({ bookId: "101" })).toMatchObject({ bookIds: ["103"], strategy: "popular" });
    expect(await rec.forUser({ userId: "7" }, as(customer("7")))).toMatchObject({ bookIds: ["103", "101"], strategy: "popular" });
  });

  it("records events only for the caller (or a service acting for them) and checks them", async () => {
    await rec.recordEvent({ userId: "7", type: "view", bookId: "201" }, as(customer("7")));
    // The order service's purchases count from order.paid; its direct call is accepted and ignored (no double count).
    await rec.recordEvent({ userId: "7", type: "purchase", bookId: "202", value: 1 }, as({ userId: "7", role: "system:order", permissions: ["*"] }));
    const paid = { orderId: "5001", userId: "7", items: [{ bookId: "202", quantity: 1 }], paidAtMs: clock.now().getTime() };
    await stream.append({ id: "9001", topic: "order.paid", key: "5001", payload: JSON.stringify(paid) });
    expect(await failure(rec.recordEvent({ userId: "8", type: "view", bookId: "201" }, as(customer("7"))))).toBe("FORBIDDEN");
    expect(await failure(rec.recordEvent({ userId: "7", type: "view", bookId: "201" }))).toBe("UNAUTHENTICATED");
    expect(await failure(rec.recordEvent({ userId: "7", type: "like", bookId: "201" }, as(customer("7"))))).toBe("VALIDATION_FAILED");
    expect(await failure(rec.forUser({ userId: "8" }, as(customer("7"))))).toBe("FORBIDDEN");
    expect(await failure(rec.forBook({ bookId: "x" }))).toBe("VALIDATION_FAILED");
  });

  it("answers a book with the books its readers also touched", async () => {
    await rec.recordEvent({ userId: "9", type: "view", bookId: "301" }, as(customer("9")));
    await rec.recordEvent({ userId: "9", type: "cart_add", bookId: "302" }, as(customer("9")));
    const res = await rec.forBook({ bookId: "301", limit: 3 });
    expect(res.strategy).toBe("item_cf");
    expect(res.bookIds[0]).toBe("302");
    expect(res.bookIds).not.toContain("301");
  });

  it("ranks by popularity once there are events, leaving out what the user already bought", async () => {
    for (const u of ["10", "11"]) await rec.recordEvent({ userId: u, type: "purchase", bookId: "202" }, as(customer(u)));
    clock.advance(10_000); // past the cached ranking
    const forOther = await rec.forUser({ userId: "12", limit: 2 }, as(customer("12")));
    expect(forOther).toMatchObject({ bookIds: ["202", "302"], strategy: "popular" });
    const forBuyer = await rec.forUser({ userId: "7" }, as(customer("7")));
    expect(forBuyer.bookIds).not.toContain("202");
    expect(forBuyer.bookIds).toContain("201");
  });
});
