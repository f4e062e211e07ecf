import { describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import { createLogger } from "@bookstore/platform/logger";
import { InProcessEventStream } from "@bookstore/platform/outbox";
import type { IndexedBook } from "../domain/indexed-book.js";
import { SalesTally } from "../domain/sales-tally.js";
import { SearchIndex } from "../domain/search-index.js";
import { parseSearchQuery } from "../domain/search-query.js";
import { ORDER_PAID, OrderPaidConsumer } from "./order-paid-consumer.js";

const logger = createLogger({ level: "silent", name: "order-paid-test" });
const DAY = 86_400_000;

const book = (id: string, title: string): IndexedBook => ({
  id, isbn: "", title, authors: [], publisher: "", categoryId: "1", categoryName: "", description: "", priceCents: 100,
  language: "en", inStock: true, createdAtMs: Number(id),
});

describe("order.paid → sales tally", () => {
  it("counts each paid order once, however often it arrives, and bestselling follows", async () => {
    const clock = new FakeClock();
    const sales = new SalesTally(clock);
    const index = new SearchIndex({ sales });
    index.upsert(book("1", "Rust in Action"));
    index.upsert(book("2", "Rust for Rustaceans"));
    index.upsert(book("3", "The Rust Book"));
    const stream = new InProcessEventStream(logger);
    const consumer = new OrderPaidConsumer({ stream, group: "search-test", sales, clock, logger });
    consumer.start();
    const nowMs = clock.now().getTime();
    const paid = (eventId: string, orderId: string, items: { bookId: string; quantity: number }[], paidAtMs = nowMs) =>
      stream.append({ id: eventId, topic: ORDER_PAID, key: orderId, payload: JSON.stringify({ orderId, userId: "9", items, paidAtMs }) });
    const bestselling = () =>
      index.search(parseSearchQuery({ q: "rust", categoryId: "", language: "", sort: "bestselling", page: 1, size: 10 })).hits.map((h) => h.bookId);

    expect(bestselling()).toEqual(["1", "2", "3"]); // no sales: relevance, then id
    await paid("e1", "100", [{ bookId: "3", quantity: 2 }, { bookId: "2", quantity: 1 }]);
    await paid("e1", "100", [{ bookId: "3", quantity: 2 }, { bookId: "2", quantity: 1 }]); // redelivered
    await paid("e2", "100", [{ bookId: "3", quantity: 2 }]); // the same order announced again
    await stream.append({ id: "e3", topic: ORDER_PAID, key: "x", payload: "not json" }); // skipped, not retried forever
    expect(sales.recentSales("3")).toBe(2);
    expect(sales.recentSales("2")).toBe(1);
    expect(bestselling()).toEqual(["3", "2", "1"]);

    // A sale paid two weeks ago (a late delivery) counts a quarter of a fresh one: a week's half-life.
    await paid("e4", "101", [{ bookId: "1", quantity: 8 }], nowMs - 14 * DAY);
    expect(sales.recentSales("1")).toBeCloseTo(2);
    await consumer.close();
    await paid("e5", "102", [{ bookId: "1", quantity: 5 }]);
    expect(sales.recentSales("1")).toBeCloseTo(2); // closed: no longer consuming
  });
});
