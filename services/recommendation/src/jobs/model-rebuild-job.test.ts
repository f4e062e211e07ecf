import { describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import { Snowflake } from "@bookstore/platform/ids";
import { openJobSystem } from "@bookstore/platform/jobs";
import { createLogger } from "@bookstore/platform/logger";
import { eventually, testDialects, useTestDatabase } from "@bookstore/platform/testing";
import type { BehaviourEvent, EventType } from "../domain/behaviour-event.js";
import { LiveItemModel, type LiveItemModelSettings } from "../domain/live-item-model.js";
import { StoreEvent } from "../domain/store-event.js";
import { KyselyEventRepository } from "../storage/kysely-event-repository.js";
import { migrationsFor } from "../storage/migrations.js";
import type { RecommendationDb } from "../storage/schema.js";
import { NO_PEERS } from "./model-peers.js";
import { ModelRebuildSchedule, REBUILD_MODEL_JOB, RECOMMENDATION_JOB_KINDS } from "./model-rebuild-job.js";

const logger = createLogger({ level: "silent", name: "model-rebuild-test" });
const ids = new Snowflake(21);
const DAY = 24 * 3_600_000;
const settings: LiveItemModelSettings = { halfLifeMs: 30 * DAY, windowMs: 365 * DAY, neighbours: 20, historyLimit: 50 };
const TYPES: EventType[] = ["view", "cart_add", "purchase"];

/**
 * Readers of a few books each, over a few days, in the order they happened (as they arrive); every test gets its
 * own books (the database is shared).
 */
function readers(clock: FakeClock, users: number) {
  const books = Array.from({ length: 6 }, () => ids.next());
  const events: BehaviourEvent[] = [];
  for (let u = 0; u < users; u++)
    for (let i = 0; i < 4; i++) {
      const id = ids.next();
      const bookId = books[(u + i * (1 + (u % 3))) % books.length] ?? "";
      const at = clock.now().getTime() - (u * 5 + i) * 3_600_000;
      events.push({ id, userId: `r${books[0]}-${u}`, type: TYPES[(u + i) % 3] ?? "view", bookId, value: 1, clientEventId: `c${id}`, createdAtMs: at });
    }
  return { books, events: events.sort((a, b) => a.createdAtMs - b.createdAtMs) };
}

/** A real repository whose next scan can be held before it reads, or after (a rebuild caught mid-way). */
class PausingScan extends KyselyEventRepository {
  private readonly gates = new Map<"before" | "after", { reached: () => void; open: Promise<void> }>();

  pause(at: "before" | "after"): { reached: Promise<void>; release: () => void } {
    let release!: () => void;
    let reached!: () => void;
    const open = new Promise<void>((r) => (release = r));
    const arrived = new Promise<void>((r) => (reached = r));
    this.gates.set(at, { reached, open });
    return { reached: arrived, release };
  }

  override async scan(...args: Parameters<KyselyEventRepository["scan"]>) {
    await this.hold("before");
    const page = await super.scan(...args);
    await this.hold("after");
    return page;
  }

  private async hold(at: "before" | "after"): Promise<void> {
    const gate = this.gates.get(at);
    if (!gate) return;
    this.gates.delete(at);
    gate.reached();
    await gate.open;
  }
}

/** Every book's neighbours with their similarities, to compare two models. */
const snapshot = (model: LiveItemModel, books: string[]) =>
  Object.fromEntries(books.map((b) => [b, model.neighbours(b, 10).map((n) => `${n.bookId}:${n.similarity.toFixed(9)}`)]));

/** A model fed as events are stored, at its own moment (each test's events are years apart). */
function liveModel<R extends KyselyEventRepository>(day: string, events: R) {
  const clock = new FakeClock(new Date(`${day}T00:00:00Z`));
  const live = new LiveItemModel({ events, clock }, settings);
  return { clock, events, live, store: new StoreEvent({ events, model: live, peers: NO_PEERS }) };
}

for (const dialect of testDialects) {
  describe(`item model rebuild on ${dialect}`, () => {
    const t = useTestDatabase<RecommendationDb>(dialect, "recommendation", migrationsFor);

    it("builds from the stored events the same model that incremental updates built", async () => {
      const { clock, events, live, store } = liveModel("2030-01-01", new KyselyEventRepository(t.db.db));
      const { books, events: log } = readers(clock, 12);
      for (const e of log) await store.execute(e);
      const incremental = snapshot(live, books);
      expect(incremental[books[0] ?? ""]?.length).toBeGreaterThan(0);

      const rebuilt = new LiveItemModel({ events, clock }, settings);
      const summary = await rebuilt.rebuild();
      expect(summary.events).toBeGreaterThanOrEqual(log.length);
      expect(snapshot(rebuilt, books)).toEqual(incremental);
    });

    it("counts events stored during a rebuild exactly once", async () => {
      const { clock, events, live, store } = liveModel("2031-01-01", new PausingScan(t.db.db));
      const { books, events: log } = readers(clock, 16);
      // The last events happen now, while the rebuild runs: a third before its scan reads, a third after.
      const recent = log.slice(-30).map((e, i) => ({ ...e, createdAtMs: clock.now().getTime() - 30 + i }));
      const [old, readByScan, afterScan] = [log.slice(0, -30), recent.slice(0, 15), recent.slice(15)];
      for (const e of old) await store.execute(e);

      const scanStarts = events.pause("before");
      const scanEnds = events.pause("after");
      const rebuilding = live.rebuild();
      for (const e of readByScan) await store.execute(e);
      scanStarts.release();
      await scanEnds.reached;
      for (const e of afterScan) await store.execute(e);
      scanEnds.release();
      await rebuilding;

      const clean = new LiveItemModel({ events: new KyselyEventRepository(t.db.db), clock }, settings);
      await clean.rebuild();
      expect(snapshot(live, books)).toEqual(snapshot(clean, books));
    });

    it("rebuilds at start on the job system and books the next rebuild", async () => {
      const clock = new FakeClock(new Date("2032-01-01T00:00:00Z"));
      const events = new KyselyEventRepository(t.db.db);
      const { books, events: log } = readers(clock, 8);
      await events.addAll(log); // stored while no model was listening
      const model = new LiveItemModel({ events, clock }, settings);
      expect(model.neighbours(books[0] ?? "", 5)).toEqual([]);
      const jobs = openJobSystem({
        kinds: RECOMMENDATION_JOB_KINDS,
        settings: { pollIntervalMs: 50, leaseMs: 1_000, concurrency: 1, localConcurrency: 1, keepCompletedMs: 60_000 },
        redisUrl: "",
        clock,
        logger,
      });
      const schedule = new ModelRebuildSchedule({ jobs, model, clock, logger, intervalMs: 3_600_000 });
      jobs.handle(REBUILD_MODEL_JOB, () => schedule.run());
      jobs.start();
      await schedule.start();
      await eventually(() => expect(model.neighbours(books[0] ?? "", 5).length).toBeGreaterThan(0));
      await eventually(async () => expect((await jobs.stats())[0]).toMatchObject({ name: "recommendation-model", delayed: 1, completed: 1 }));
      await jobs.close();
    });
  });
}
