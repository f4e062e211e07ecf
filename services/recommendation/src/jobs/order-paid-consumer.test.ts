import type { Kysely } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import { Snowflake } from "@bookstore/platform/ids";
import { createLogger } from "@bookstore/platform/logger";
import { InProcessEventStream, RedisEventStream, type EventStream } from "@bookstore/platform/outbox";
import { eventually, redisAvailable, testDialects, useTestDatabase, useTestRedis } from "@bookstore/platform/testing";
import { LiveItemModel } from "../domain/live-item-model.js";
import { POPULARITY_WEIGHTS } from "../domain/popular-books.js";
import { StoreEvent } from "../domain/store-event.js";
import { KyselyEventRepository } from "../storage/kysely-event-repository.js";
import { migrationsFor } from "../storage/migrations.js";
import type { RecommendationDb } from "../storage/schema.js";
import { NO_PEERS } from "./model-peers.js";
import { OrderPaidConsumer } from "./order-paid-consumer.js";

const logger = createLogger({ level: "silent", name: "order-paid-test" });
const ids = new Snowflake(12);
let orderSeq = 0;
const anOrder = (bookId: string, quantity: number) => ({
  orderId: String(7_000_000_000n + BigInt(process.pid) * 1000n + BigInt(++orderSeq)),
  userId: `u${orderSeq}`,
  items: [{ bookId, quantity }],
  paidAtMs: Date.now(),
});
const freshBook = () => ids.next();
const DAY = 24 * 3_600_000;

/** The real item model behind the consumer, so a test sees a paid order reach it. */
function modelOn(db: Kysely<RecommendationDb>) {
  const events = new KyselyEventRepository(db);
  const model = new LiveItemModel({ events, clock: new FakeClock() }, { halfLifeMs: 30 * DAY, windowMs: 3650 * DAY, neighbours: 10, historyLimit: 50 });
  return { model, stored: new StoreEvent({ events, model, peers: NO_PEERS }) };
}
/** A purchase event weighs the same whatever its quantity: the score counts purchase rows. */
const purchaseScore = async (events: KyselyEventRepository, bookId: string) =>
  (await events.topBooks(0, POPULARITY_WEIGHTS, 10_000)).find((b) => b.bookId === bookId)?.score ?? 0;

async function deliverAndCheck(db: Kysely<RecommendationDb>, stream: EventStream, settle: (check: () => Promise<void>) => Promise<void>) {
  const consumer = new OrderPaidConsumer({ db, stream, clock: new FakeClock(), ids, logger, stored: modelOn(db).stored });
  consumer.start();
  const events = new KyselyEventRepository(db);
  const book = freshBook();
  const order = anOrder(book, 2);
  const payload = JSON.stringify(order);
  const eventId = ids.next();
  // The relay may deliver the same event again (crash before marking it), and a buggy producer may emit twice.
  await stream.append({ id: eventId, topic: "order.paid", key: order.orderId, payload });
  await stream.append({ id: eventId, topic: "order.paid", key: order.orderId, payload });
  await stream.append({ id: ids.next(), topic: "order.paid", key: order.orderId, payload });
  await settle(async () => expect(await purchaseScore(events, book)).toBe(POPULARITY_WEIGHTS.purchase));
  // Another order for the same book counts too.
  await stream.append({ id: ids.next(), topic: "order.paid", key: "x", payload: JSON.stringify({ ...anOrder(book, 1) }) });
  await settle(async () => expect(await purchaseScore(events, book)).toBe((POPULARITY_WEIGHTS.purchase as number) * 2));
  expect(await events.purchasedBy(order.userId)).toEqual([book]);
  await consumer.close();
}

for (const dialect of testDialects) {
  describe(`order.paid consumer on ${dialect}`, () => {
    const t = useTestDatabase<RecommendationDb>(dialect, "recommendation", migrationsFor);

    it("counts a paid order's purchases exactly once however often its event arrives", async () => {
      const stream = new InProcessEventStream(logger);
      await deliverAndCheck(t.db.db, stream, (check) => check());
      await stream.close();
    });

    it("skips an unreadable event instead of retrying it forever", async () => {
      const consumer = new OrderPaidConsumer({
        db: t.db.db, stream: new InProcessEventStream(logger), clock: new FakeClock(), ids, logger, stored: modelOn(t.db.db).stored,
      });
      expect(await consumer.handle({ id: ids.next(), topic: "order.paid", key: "k", payload: "not json" })).toBe(false);
      const order = anOrder(freshBook(), 1);
      const event = { id: ids.next(), topic: "order.paid", key: order.orderId, payload: JSON.stringify(order) };
      expect(await consumer.handle(event)).toBe(true);
      expect(await consumer.handle(event)).toBe(false);
    });

    it("feeds a paid order's books to the item model once it is stored", async () => {
      const { model, stored } = modelOn(t.db.db);
      const consumer = new OrderPaidConsumer({ db: t.db.db, stream: new InProcessEventStream(logger), clock: new FakeClock(), ids, logger, stored });
      const [a, b] = [freshBook(), freshBook()];
      const order = { ...anOrder(a, 1), items: [{ bookId: a, quantity: 1 }, { bookId: b, quantity: 2 }] };
      const event = { id: ids.next(), topic: "order.paid", key: order.orderId, payload: JSON.stringify(order) };
      expect(model.neighbours(a, 5)).toEqual([]);
      expect(await consumer.handle(event)).toBe(true);
      expect(model.neighbours(a, 5).map((n) => n.bookId)).toEqual([b]);
      const [before] = model.neighbours(b, 5);
      expect(await consumer.handle({ ...event, id: ids.next() })).toBe(false);
      expect(model.neighbours(b, 5)).toEqual([before]);
    });

    describe.runIf(redisAvailable)("over Redis Streams", () => {
      const redis = useTestRedis();
      const streams: RedisEventStream[] = [];
      afterAll(async () => {
        for (const s of streams) await s.close();
      });

      it("counts each order once when Redis redelivers", async () => {
        const stream = new RedisEventStream(redis.url, logger, { blockMs: 100, claimIdleMs: 300 });
        streams.push(stream);
        await deliverAndCheck(t.db.db, stream, (check) => eventually(check, { timeoutMs: 5_000 }));
      });
    });
  });
}
