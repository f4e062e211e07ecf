import { afterAll, describe, expect, it } from "vitest";
import { sql, type Kysely } from "kysely";
import { createLogger } from "../logger/index.js";
import { Snowflake } from "../ids/index.js";
import { eventually, REDIS_TOPOLOGIES, redisAvailable, testDialects, useTestDatabase, useTestRedisTopology } from "../testing/index.js";
import { InProcessEventStream, RedisEventStream, type EventStream, type StreamEvent } from "./event-stream.js";
import { addToOutbox, OutboxRelay, outboxMigration, processOnce, unpublishedCount, type OutboxTables } from "./outbox.js";

const logger = createLogger({ level: "silent", name: "outbox-test" });
const ids = new Snowflake(9);

interface TestDb extends OutboxTables {
  counters: { name: string; value: number };
}

const migrations = () => ({
  "0001-counters": { up: (db: Kysely<unknown>) => db.schema.createTable("counters").addColumn("name", "varchar(40)", (c) => c.primaryKey()).addColumn("value", "integer", (c) => c.notNull()).execute() },
  "0002-outbox": outboxMigration(),
});

/** A stream that fails the nth append once, as if the process died between appending and marking published. */
class FlakyStream implements EventStream {
  appended = 0;
  constructor(private readonly inner: EventStream, private failAt: number) {}
  async append(e: StreamEvent) {
    if (++this.appended === this.failAt) {
      this.failAt = -1;
      throw new Error("crash between append and mark");
    }
    await this.inner.append(e);
  }
  consume(t: string, g: string, h: (e: StreamEvent) => Promise<void>) {
    return this.inner.consume(t, g, h);
  }
  close() {
    return this.inner.close();
  }
}

for (const dialect of testDialects) {
  describe(`transactional outbox on ${dialect}`, () => {
    const t = useTestDatabase<TestDb>(dialect, "outbox", migrations);

    it("stores events only with a committed change, relays them in order, and consumers apply each once", async () => {
      const db = t.db.db;
      await db.insertInto("counters").values({ name: "stock", value: 0 }).execute();
      await expect(
        db.transaction().execute(async (trx) => {
          await addToOutbox(trx, ids, Date.now(), [{ topic: "stock.changed", key: "b1", data: { delta: 100 } }]);
          throw new Error("rolled back");
        }),
      ).rejects.toThrow("rolled back");
      expect(await unpublishedCount(db)).toBe(0);

      for (let i = 1; i <= 5; i++)
        await db.transaction().execute((trx) => addToOutbox(trx, ids, Date.now(), [{ topic: "stock.changed", key: "b1", data: { delta: i } }]));
      expect(await unpublishedCount(db)).toBe(5);

      const inner = new InProcessEventStream(logger);
      const stream = new FlakyStream(inner, 3);
      const seen: number[] = [];
      stream.consume("stock.changed", "search", async (e) => {
        const { delta } = JSON.parse(e.payload) as { delta: number };
        // Idempotent consumer: the effect and the "processed" marker commit together.
        const applied = await processOnce(db, "search", e.id, Date.now(), async (trx) => {
          await trx.updateTable("counters").set({ value: sql`value + ${delta}` }).where("name", "=", "stock").execute();
        });
        if (applied) seen.push(delta);
      });
      const relay = new OutboxRelay(db, stream, { service: "test", batchSize: 10, intervalMs: 50 }, logger);
      expect(await relay.kick()).toBe(0); // the crash: events 1–2 went out, nothing was marked
      expect(await unpublishedCount(db)).toBe(5);
      expect(await relay.kick()).toBe(5); // replays 1–2 (duplicates are skipped) and the rest
      expect(seen).toEqual([1, 2, 3, 4, 5]);
      const counter = await db.selectFrom("counters").select("value").where("name", "=", "stock").executeTakeFirstOrThrow();
      expect(Number(counter.value)).toBe(15);
      expect(await unpublishedCount(db)).toBe(0);
      await relay.close();
    });

    it("keeps retrying a failing in-process consumer until it succeeds (nothing dropped)", async () => {
      const db = t.db.db;
      await db.transaction().execute((trx) => addToOutbox(trx, ids, Date.now(), [{ topic: "order.paid", key: "o1", data: {} }]));
      const stream = new InProcessEventStream(logger);
      let calls = 0;
      stream.consume("order.paid", "recommendation", () => (++calls < 3 ? Promise.reject(new Error("busy")) : Promise.resolve()));
      const relay = new OutboxRelay(db, stream, { service: "test", batchSize: 10, intervalMs: 50 }, logger);
      expect(await relay.kick()).toBe(1);
      expect(calls).toBe(3);
      await relay.close();
    });
  });
}

describe.runIf(redisAvailable).each(REDIS_TOPOLOGIES)("Redis Streams event stream on Redis (%s)", (topology) => {
  const redis = useTestRedisTopology(topology);
  const streams: RedisEventStream[] = [];
  const open = (opts = {}) => {
    const s = new RedisEventStream(redis.url, logger, { blockMs: 100, claimIdleMs: 300, ...opts });
    streams.push(s);
    return s;
  };
  afterAll(async () => {
    for (const s of streams) await s.close();
  });

  it("gives every group every event, shares a group's events between members, and redelivers unacked ones", async () => {
    const writer = open();
    const a = open();
    const b = open();
    const search: string[] = [];
    const recA: string[] = [];
    const recB: string[] = [];
    let failOnce = true;
    const stops = [
      a.consume("book.updated", "search", async (e) => void search.push(e.id)),
      a.consume("book.updated", "recommendation", async (e) => {
        if (failOnce && e.id === "3") {
          failOnce = false; // this member dies on event 3 without acking: another delivery must follow
          throw new Error("crash");
        }
        recA.push(e.id);
      }),
      b.consume("book.updated", "recommendation", async (e) => void recB.push(e.id)),
    ];
    await new Promise((r) => setTimeout(r, 300)); // groups created
    for (let i = 1; i <= 20; i++) await writer.append({ id: String(i), topic: "book.updated", key: "k", payload: "{}" });
    const all = Array.from({ length: 20 }, (_, i) => String(i + 1));
    await eventually(() => expect([...search].sort()).toEqual([...all].sort()), { timeoutMs: 5_000 });
    await eventually(() => expect(new Set([...recA, ...recB])).toEqual(new Set(all)), { timeoutMs: 5_000 });
    expect(recA.length + recB.length).toBe(20); // shared, and event 3 handled exactly once after the redelivery
    await Promise.all(stops.map((s) => s()));
  });
});
