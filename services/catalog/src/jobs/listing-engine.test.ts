import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Registry } from "@bookstore/platform/metrics";
import { createLogger } from "@bookstore/platform/logger";
import { isAppError } from "@bookstore/platform/errors";
import type { ListingOutcome, ListingWrite } from "../domain/apply-listings.js";
import { LISTING_FAILURES, queuedTask, type ListingPriority, type ListingTask } from "../domain/listing.js";
import type { ListingTaskRepository } from "../domain/listing-task-repository.js";
import { SubmitListings } from "../domain/submit-listings.js";
import { ListingEngine, STALE_AFTER_TIMEOUT_MS, type ListingConfig } from "./listing-engine.js";

/** A valid ISBN-13 for body n (979 prefix, computed check digit). */
function isbn(n: number): string {
  const body = `979${String(n).padStart(9, "0")}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return body + String((10 - (sum % 10)) % 10);
}

/** The task records, in memory: these tests are about scheduling; the SQL repository has its own suite. */
class MemoryTasks implements ListingTaskRepository {
  readonly rows = new Map<string, ListingTask>();
  saves = 0;
  byId(taskId: string) {
    return Promise.resolve(this.rows.get(taskId));
  }
  saveAll(tasks: readonly ListingTask[]) {
    this.saves++;
    for (const t of tasks) this.rows.set(t.taskId, t);
    return Promise.resolve();
  }
  failUnfinished(before: number, reason: string, nowMs: number) {
    let n = 0;
    for (const t of this.rows.values())
      if ((t.status === "queued" || t.status === "running") && t.enqueuedAtMs < before) {
        this.rows.set(t.taskId, { ...t, status: "failed", reason, finishedAtMs: nowMs });
        n++;
      }
    return Promise.resolve(n);
  }
  deleteFinished() {
    return Promise.resolve(0);
  }
}

/** The stock write: ISBNs in `held` block until released, ISBNs in `unknown` name no book. */
class ControlledWrites {
  readonly held = new Set<string>();
  readonly unknown = new Set<string>();
  readonly batches: ListingWrite[][] = [];
  private waiters: (() => void)[] = [];
  async execute(writes: readonly ListingWrite[]): Promise<ListingOutcome[]> {
    this.batches.push([...writes]);
    if (writes.some((w) => this.held.has(w.isbn))) await new Promise<void>((r) => this.waiters.push(r));
    return writes.map((w) => (this.unknown.has(w.isbn) ? { reason: LISTING_FAILURES.unknownBook } : { bookId: `1${w.isbn}` }));
  }
  release(): void {
    this.held.clear();
    for (const r of this.waiters.splice(0)) r();
  }
}

const config = (overrides: Partial<ListingConfig> = {}): ListingConfig => ({
  high: { capacity: 2, workers: 1 },
  normal: { capacity: 3, workers: 2 },
  taskTimeoutMs: 3_000,
  batchSize: 100,
  maxItemsPerRequest: 100,
  retryAfterSeconds: 2,
  sweepIntervalMs: 60_000,
  retentionHours: 24,
  ...overrides,
});

let nextId = 1_000;
const task = (priority: ListingPriority, n = nextId, stock = 5): ListingTask =>
  queuedTask(String(++nextId), { isbn: isbn(n), stock, priority }, Date.now());

describe("listing engine", () => {
  let writes: ControlledWrites;
  let tasks: MemoryTasks;
  let published: string[][];
  let engines: ListingEngine[];
  let registry: Registry;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
    writes = new ControlledWrites();
    tasks = new MemoryTasks();
    published = [];
    engines = [];
    registry = new Registry();
  });
  afterEach(async () => {
    writes.release();
    await Promise.all(engines.map((e) => e.close()));
    vi.useRealTimers();
  });

  function engine(cfg = config()): ListingEngine {
    const e = new ListingEngine({
      config: cfg,
      apply: writes,
      tasks,
      publishListed: (ids) => {
        published.push([...ids]);
        return Promise.resolve();
      },
      clock: { now: () => new Date() },
      logger: createLogger({ level: "silent", name: "test" }),
      registry,
    });
    engines.push(e);
    return e;
  }
  /** Lets batched writes (started on later event-loop turns, with real setImmediate) run to completion. */
  const settle = async () => {
    for (let i = 0; i < 10; i++) {
      await new Promise<void>((r) => setImmediate(r));
      await vi.advanceTimersByTimeAsync(0);
    }
  };
  const status = (e: ListingEngine, t: ListingTask) => (e.local(t.taskId) ?? tasks.rows.get(t.taskId))?.status;

  it("runs a task to done, records it, publishes the listed book and forgets it once recorded", async () => {
    const e = engine();
    const t = task("normal");
    expect(await e.offer([t])).toBeUndefined();
    await settle();
    expect(tasks.rows.get(t.taskId)).toMatchObject({ status: "done", reason: "", finishedAtMs: expect.any(Number) });
    expect(e.local(t.taskId)).toBeUndefined();
    expect(published).toEqual([[`1${t.isbn}`]]);
    const metrics = await registry.metrics();
    expect(metrics).toContain('listing_tasks_total{priority="normal",outcome="done"} 1');
    expect(metrics).toContain('listing_queue_depth{priority="high"} 0');
    expect(metrics).toMatch(/listing_task_wait_seconds_count\{priority="normal"\} 1/);
    expect(metrics).toMatch(/listing_task_run_seconds_count\{priority="normal"\} 1/);
  });

  it("accepts up to capacity waiting tasks per priority and refuses the next one without waiting", async () => {
    const e = engine();
    const blocker = task("high", 1);
    writes.held.add(blocker.isbn);
    await e.offer([blocker]);
    await settle(); // the only high worker is now busy on the blocker
    expect(await e.offer([task("high"), task("high")])).toBeUndefined();
    const refused = task("high");
    expect(await e.offer([refused])).toEqual({ fullPriority: "high" });
    expect(e.local(refused.taskId)).toBeUndefined();
    expect(tasks.rows.has(refused.taskId)).toBe(false);
    expect(e.stats().find((s) => s.priority === "high")).toMatchObject({ depth: 2, capacity: 2, running: 1, workers: 1 });
    expect(await registry.metrics()).toContain('listing_queue_depth{priority="high"} 2');
    expect(await registry.metrics()).toContain('listing_tasks_total{priority="high",outcome="rejected"} 1');
  });

  it("takes a batch whole or not at all: a full high queue also refuses the batch's normal tasks", async () => {
    const e = engine();
    const blocker = task("high", 2);
    writes.held.add(blocker.isbn);
    await e.offer([blocker]);
    await settle();
    await e.offer([task("high"), task("high")]);
    const normal = task("normal");
    expect(await e.offer([normal, task("high")])).toEqual({ fullPriority: "high" });
    await settle();
    expect(e.local(normal.taskId)).toBeUndefined();
    expect(tasks.rows.has(normal.taskId)).toBe(false);
    expect(writes.batches.flat().some((w) => w.isbn === normal.isbn)).toBe(false);
    expect(e.stats().find((s) => s.priority === "normal")?.depth).toBe(0);
  });

  it("finishes high-priority work while every normal worker and slot is taken", async () => {
    const e = engine();
    const stuck = [task("normal", 3), task("normal", 3), task("normal", 3), task("normal", 3), task("normal", 3)];
    writes.held.add(isbn(3));
    expect(await e.offer(stuck.slice(0, 2))).toBeUndefined();
    await settle();
    expect(await e.offer(stuck.slice(2))).toBeUndefined(); // 2 running + 3 waiting: the normal pool is full
    expect(await e.offer([task("normal", 3)])).toEqual({ fullPriority: "normal" });
    const urgent = task("high", 4);
    expect(await e.offer([urgent])).toBeUndefined();
    await settle();
    expect(status(e, urgent)).toBe("done");
    expect(stuck.map((t) => status(e, t))).toEqual(["running", "running", "queued", "queued", "queued"]);
  });

  it("fails a task whose write outlasts the timeout with reason 'timed out', at the deadline", async () => {
    const e = engine();
    const t = task("normal", 5);
    writes.held.add(t.isbn);
    await e.offer([t]);
    await vi.advanceTimersByTimeAsync(2_999);
    expect(status(e, t)).toBe("running");
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(tasks.rows.get(t.taskId)).toMatchObject({ status: "failed", reason: LISTING_FAILURES.timeout });
    expect((tasks.rows.get(t.taskId)?.finishedAtMs ?? 0) - t.enqueuedAtMs).toBe(3_000);
  });

  it("fails a task that waited in its queue past the timeout without writing it", async () => {
    const e = engine(config({ high: { capacity: 2, workers: 1 } }));
    const blocker = task("high", 6);
    writes.held.add(blocker.isbn);
    await e.offer([blocker]);
    const late = task("high", 7);
    await e.offer([late]);
    await vi.advanceTimersByTimeAsync(3_000); // the blocker times out at its deadline, freeing the worker late
    await settle();
    expect(tasks.rows.get(late.taskId)).toMatchObject({ status: "failed", reason: LISTING_FAILURES.timeout });
    expect(writes.batches.flat().some((w) => w.isbn === late.isbn)).toBe(false);
  });

  it("fails invalid tasks in the worker and unknown books with their reason", async () => {
    const e = engine();
    const badIsbn = { ...task("normal"), isbn: "9790000000000" };
    const badStock = { ...task("normal"), stock: -1 };
    const unknown = task("normal", 8);
    writes.unknown.add(unknown.isbn);
    await e.offer([badIsbn, badStock, unknown]);
    await settle();
    expect(tasks.rows.get(badIsbn.taskId)).toMatchObject({ status: "failed", reason: LISTING_FAILURES.invalidIsbn });
    expect(tasks.rows.get(badStock.taskId)).toMatchObject({ status: "failed", reason: LISTING_FAILURES.invalidStock });
    expect(tasks.rows.get(unknown.taskId)).toMatchObject({ status: "failed", reason: LISTING_FAILURES.unknownBook });
    expect(published).toEqual([]);
  });

  it("groups concurrent writes of one priority into one batch", async () => {
    const e = engine(config({ normal: { capacity: 50, workers: 8 } }));
    const batch = Array.from({ length: 8 }, (_, i) => task("normal", 100 + i));
    await e.offer(batch);
    await settle();
    expect(writes.batches).toHaveLength(1);
    expect(writes.batches[0]).toHaveLength(8);
    expect(batch.every((t) => tasks.rows.get(t.taskId)?.status === "done")).toBe(true);
  });

  it("fails records a dead process left unfinished, and only those past the timeout", async () => {
    const now = Date.now();
    const old = { ...task("normal"), enqueuedAtMs: now - 3_000 - STALE_AFTER_TIMEOUT_MS - 1 };
    const recent = { ...task("normal"), enqueuedAtMs: now - 1_000 };
    await tasks.saveAll([old, recent]);
    await engine().start();
    expect(tasks.rows.get(old.taskId)).toMatchObject({ status: "failed", reason: LISTING_FAILURES.interrupted });
    expect(tasks.rows.get(recent.taskId)?.status).toBe("queued");
  });

  it("refuses new work once closing and lets accepted work finish", async () => {
    const e = engine();
    const t = task("normal", 9);
    writes.held.add(t.isbn);
    await e.offer([t]);
    const closed = e.close();
    await expect(e.offer([task("normal")])).rejects.toSatisfy((err: unknown) => isAppError(err) && err.reason === "UNAVAILABLE");
    writes.release();
    await closed;
    expect(tasks.rows.get(t.taskId)?.status).toBe("done");
  });
});

describe("submitting listings", () => {
  const full = { offer: () => Promise.resolve({ fullPriority: "normal" as const }), local: () => undefined, stats: () => [] };
  const submit = (queue = full) =>
    new SubmitListings({ queue, clock: { now: () => new Date(0) }, ids: { next: () => "7" }, maxItems: 3, retryAfterSeconds: 4 });

  it("answers QUEUE_FULL with Retry-After seconds when a queue has no room", async () => {
    await expect(submit().execute({ items: [{ isbn: isbn(1), stock: 1, priority: "normal" }] })).rejects.toMatchObject({
      reason: "QUEUE_FULL",
      details: { retryAfterSeconds: 4, priority: "normal" },
    });
  });

  it("rejects a malformed item up front, naming it, before anything is queued", async () => {
    const items = [
      { isbn: isbn(1), stock: 1, priority: "normal" as const },
      { isbn: "9780000000001", stock: 1, priority: "high" as const },
    ];
    await expect(submit().execute({ items })).rejects.toMatchObject({
      reason: "VALIDATION_FAILED",
      details: { field: "items[1].isbn" },
    });
    await expect(submit().execute({ items: [{ isbn: isbn(1), stock: -1, priority: "normal" }] })).rejects.toMatchObject({
      details: { field: "items[0].stock" },
    });
    await expect(submit().execute({ items: [] })).rejects.toMatchObject({ details: { field: "items" } });
  });
});
