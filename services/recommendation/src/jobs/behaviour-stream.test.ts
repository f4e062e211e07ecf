import { afterAll, describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import { RedisEventBus } from "@bookstore/platform/events";
import { Snowflake } from "@bookstore/platform/ids";
import { createLogger } from "@bookstore/platform/logger";
import { RedisEventStream } from "@bookstore/platform/outbox";
import { eventually, redisAvailable, useTestDatabase, useTestRedis } from "@bookstore/platform/testing";
import { CatalogMirror } from "../domain/catalog-mirror.js";
import { LiveItemModel } from "../domain/live-item-model.js";
import { RecordEvent } from "../domain/record-event.js";
import { StoreEvent } from "../domain/store-event.js";
import { KyselyEventRepository } from "../storage/kysely-event-repository.js";
import { migrationsFor } from "../storage/migrations.js";
import type { RecommendationDb } from "../storage/schema.js";
import { BehaviourStreamConsumer, parseBehaviourEvent, StreamIngest } from "./behaviour-stream.js";
import { EventBusPeers } from "./model-peers.js";

const logger = createLogger({ level: "silent", name: "behaviour-stream-test" });
const ids = new Snowflake(23);
const DAY = 24 * 3_600_000;

describe("parseBehaviourEvent", () => {
  const event = { id: "5001", userId: "7", type: "feedback", bookId: "101", value: -5, feedback: "dislike", clientEventId: "c-1", createdAtMs: 1 };

  it("reads back what StreamIngest appended", () => {
    expect(parseBehaviourEvent(JSON.stringify(event))).toEqual(event);
  });

  it("rejects anything that would not have passed validation", () => {
    for (const bad of ["not json", "null", JSON.stringify({ ...event, type: "click" }), JSON.stringify({ ...event, clientEventId: "a b" }),
      JSON.stringify({ ...event, id: "x" }), JSON.stringify({ ...event, createdAtMs: "1" }), JSON.stringify({ ...event, feedback: "like" })])
      expect(parseBehaviourEvent(bad), bad).toBeUndefined();
  });
});

/**
 * Two recommendation processes on one Redis and one database: POST appends to the stream, the consumer group
 * stores each event once (whichever process reads it), and both item models learn it.
 */
describe.runIf(redisAvailable)("behaviour events through Redis Streams", () => {
  const redis = useTestRedis();
  const t = useTestDatabase<RecommendationDb>("sqlite", "recommendation", migrationsFor);
  const closers: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  function process(name: string, clock: FakeClock, mirror: CatalogMirror) {
    const events = new KyselyEventRepository(t.db.db);
    const model = new LiveItemModel({ events, clock }, { halfLifeMs: 30 * DAY, windowMs: 365 * DAY, neighbours: 10, historyLimit: 50 });
    const stream = new RedisEventStream(redis.url, logger, { blockMs: 100, claimIdleMs: 1_000 });
    const bus = new RedisEventBus(redis.url);
    const peers = new EventBusPeers({ bus, origin: name, model, logger });
    const consumer = new BehaviourStreamConsumer({ stream, store: new StoreEvent({ events, model, peers }), logger });
    peers.start();
    consumer.start();
    closers.push(() => stream.close(), () => bus.close(), () => peers.close(), () => consumer.close());
    const record = new RecordEvent({ ingest: new StreamIngest(stream), mirror, books: { listed: async () => new Set() }, clock, ids });
    return { model, record, bus };
  }

  it("stores each event once, however often it is posted, and every process's model learns it", async () => {
    const clock = new FakeClock(new Date());
    const [a, b, c] = [ids.next(), ids.next(), ids.next()];
    const mirror = new CatalogMirror();
    mirror.put([a, b, c].map((id) => ({ id, title: `Book ${id}`, authors: [], categoryId: "1", createdAtMs: 0, deleted: false })));
    const first = process("p1", clock, mirror);
    const second = process("p2", clock, mirror);
    await Promise.all([first.bus.settled(), second.bus.settled()]);

    const events = new KyselyEventRepository(t.db.db);
    const stored = (userId: string, types: string[]) =>
      eventually(async () => expect((await events.recentOf(userId, 10)).map((e) => e.type)).toEqual(types), { timeoutMs: 10_000 });
    const users = ["s1", "s2", "s3"].map((u) => `${u}-${a}`);
    for (const [i, userId] of users.entries()) {
      const via = i % 2 === 0 ? first : second;
      // A person's events come seconds apart: each is stored before the next (a user's events that race each other
      // through different processes may miss their pairing until the next rebuild).
      await via.record.execute({ userId, type: "view", bookId: a, clientEventId: `view-${a}` });
      await stored(userId, ["view"]);
      clock.advance(1_000);
      // A retried POST: same client event id, appended to the stream again.
      await via.record.execute({ userId, type: "purchase", bookId: b, value: 1, clientEventId: `buy-${b}` });
      await via.record.execute({ userId, type: "purchase", bookId: b, value: 1, clientEventId: `buy-${b}` });
      clock.advance(1_000);
    }
    await expect(first.record.execute({ userId: users[0] ?? "", type: "view", bookId: "404" })).rejects.toMatchObject({ reason: "VALIDATION_FAILED" });
    for (const userId of users) await stored(userId, ["purchase", "view"]);
    for (const p of [first, second])
      await eventually(() => expect(p.model.neighbours(a, 5).map((n) => n.bookId)).toEqual([b]), { timeoutMs: 5_000 });
    // Once every announcement is in, the same numbers (up to the order the two processes added them in).
    await eventually(() => {
      const [mine, theirs] = [first.model.neighbours(b, 5), second.model.neighbours(b, 5)];
      expect(mine.map((n) => n.bookId)).toEqual(theirs.map((n) => n.bookId));
      mine.forEach((n, i) => expect(n.similarity).toBeCloseTo(theirs[i]?.similarity ?? -1, 12));
    }, { timeoutMs: 5_000 });
  });
});
