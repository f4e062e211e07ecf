import { randomUUID } from "node:crypto";
import { Worker } from "bullmq";
import { afterEach, describe, expect, it } from "vitest";
import { systemClock } from "../clock/index.js";
import { createLogger } from "../logger/index.js";
import { createRedisClient } from "../kv/index.js";
import { eventually, keysEverywhere, REDIS_TOPOLOGIES, redisAvailable, testDialects, useTestDatabase, useTestRedisTopology } from "../testing/index.js";
import { BullmqJobQueue } from "./bullmq-job-queue.js";
import type { JobContext, JobQueue, NewJob } from "./job-queue.js";
import { LocalJobQueue } from "./local-job-queue.js";
import { SqlJobQueue } from "./sql-job-queue.js";
import { createJobsTable, dropJobsTable, jobsTraceparentMigration, type JobsDb } from "./sql-jobs-table.js";

const logger = createLogger({ level: "silent", name: "jobs-test" });
const job = (over: Partial<NewJob> = {}): NewJob => ({
  kind: "test", payload: {}, delayMs: 0, priority: 10, maxAttempts: 3, backoffMs: 100, ...over,
});

interface Harness {
  open(opts?: { leaseMs?: number; concurrency?: number }): JobQueue;
  /** A worker in another process takes the next job of `queue` and dies holding it. */
  takeAndDie?(queue: JobQueue): Promise<void>;
}

interface Run {
  ctx: JobContext;
  payload: unknown;
  atMs: number;
}

function recorder(fail: (ctx: JobContext) => boolean = () => false) {
  const runs: Run[] = [];
  const process = (_kind: string, payload: unknown, ctx: JobContext) => {
    runs.push({ ctx, payload, atMs: Date.now() });
    return fail(ctx) ? Promise.reject(new Error(`boom ${ctx.attempt}`)) : Promise.resolve();
  };
  return { runs, process };
}

/** The behaviours every backend promises (job-queue.ts); each test uses its own queue. */
function queueBehaviours(harness: () => Harness, opts: { durable: boolean }) {
  const open: JobQueue[] = [];
  const queue = (o?: { leaseMs?: number; concurrency?: number }) => {
    const q = harness().open(o);
    open.push(q);
    return q;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((q) => q.close()));
  });

  it("does not run a delayed job before its time, and counts it as delayed meanwhile", async () => {
    const q = queue();
    const { runs, process } = recorder();
    const addedAt = Date.now();
    await q.add(job({ delayMs: 700, payload: { n: 1 } }));
    expect(await q.stats()).toMatchObject({ waiting: 0, delayed: 1, active: 0 });
    q.start(process);
    await eventually(() => expect(runs).toHaveLength(1), { timeoutMs: 5_000 });
    expect(runs[0]?.atMs).toBeGreaterThanOrEqual(addedAt + 700);
    expect(runs[0]?.payload).toEqual({ n: 1 });
    await eventually(async () => expect(await q.stats()).toMatchObject({ delayed: 0, waiting: 0, active: 0, completed: 1 }));
  });

  it("retries a failing job with exponential backoff, then dead-letters it; retrying it runs it again", async () => {
    const q = queue();
    let healed = false;
    const { runs, process } = recorder(() => !healed);
    const id = await q.add(job({ maxAttempts: 3, backoffMs: 150 }));
    q.start(process);
    await eventually(async () => expect(await q.stats()).toMatchObject({ failed: 1, waiting: 0, delayed: 0, active: 0 }), {
      timeoutMs: 8_000,
    });
    expect(runs.map((r) => r.ctx.attempt)).toEqual([1, 2, 3]);
    const [a, b, c] = runs.map((r) => r.atMs);
    expect(b! - a!).toBeGreaterThanOrEqual(150 - 5);
    expect(c! - b!).toBeGreaterThanOrEqual(300 - 5); // doubled
    expect(runs.every((r) => r.ctx.id === id)).toBe(true);

    expect(await q.retryFailed("999999999")).toBe(false);
    healed = true;
    expect(await q.retryFailed(id)).toBe(true);
    await eventually(async () => expect(await q.stats()).toMatchObject({ failed: 0, completed: 1 }), { timeoutMs: 5_000 });
    expect(runs.at(-1)?.ctx.attempt).toBe(1);
    expect(await q.retryFailed(id)).toBe(false); // no longer failed
  });

  it("lists dead-lettered jobs newest first with their last error, and a retried job leaves the list", async () => {
    const q = queue({ concurrency: 1 });
    const healed = new Set<string>();
    q.start((kind, _payload, ctx) =>
      healed.has(ctx.id) ? Promise.resolve() : Promise.reject(new Error(`${kind} broke on attempt ${ctx.attempt}: ${"x".repeat(600)}`)));
    expect(await q.listFailed({ offset: 0, limit: 20 })).toEqual({ jobs: [], total: 0 });
    const before = Date.now();
    const older = await q.add(job({ kind: "first", maxAttempts: 2, backoffMs: 10, payload: { secret: "s3cret" } }));
    await eventually(async () => expect((await q.listFailed({ offset: 0, limit: 20 })).total).toBe(1), { timeoutMs: 5_000 });
    const newer = await q.add(job({ kind: "second", maxAttempts: 1 }));
    await eventually(async () => expect((await q.listFailed({ offset: 0, limit: 20 })).total).toBe(2), { timeoutMs: 5_000 });

    const list = await q.listFailed({ offset: 0, limit: 20 });
    expect(list.jobs.map((j) => j.id)).toEqual([newer, older]);
    const [second, first] = list.jobs;
    expect(first).toMatchObject({ id: older, kind: "first", attemptsMade: 2 });
    expect(second).toMatchObject({ id: newer, kind: "second", attemptsMade: 1 });
    expect(first?.failedReason).toMatch(/^first broke on attempt 2: x+…$/);
    expect(first?.failedReason.length).toBe(500); // cut, never the whole message (or a stack)
    expect(JSON.stringify(list)).not.toContain("s3cret"); // payloads stay out
    for (const j of list.jobs) {
      expect(j.failedAtMs).toBeGreaterThanOrEqual(before - 1_000);
      expect(j.failedAtMs).toBeLessThanOrEqual(Date.now() + 1_000);
    }
    expect(second!.failedAtMs).toBeGreaterThanOrEqual(first!.failedAtMs);
    expect(await q.listFailed({ offset: 1, limit: 1 })).toEqual({ jobs: [first], total: 2 });
    expect(await q.listFailed({ offset: 2, limit: 20 })).toEqual({ jobs: [], total: 2 });

    healed.add(older);
    expect(await q.retryFailed(older)).toBe(true);
    await eventually(async () => expect(await q.stats()).toMatchObject({ failed: 1, completed: 1 }), { timeoutMs: 5_000 });
    expect(await q.listFailed({ offset: 0, limit: 20 })).toEqual({ jobs: [second], total: 1 });
  });

  it("runs the most urgent priority first, ties in order of arrival", async () => {
    const q = queue({ concurrency: 1 });
    const { runs, process } = recorder();
    for (const [priority, n] of [[5, "e"], [1, "a"], [3, "c"], [1, "b"], [4, "d"]] as const)
      await q.add(job({ priority, payload: n }));
    expect(await q.stats()).toMatchObject({ waiting: 5, delayed: 0 });
    q.start(process);
    await eventually(() => expect(runs).toHaveLength(5));
    expect(runs.map((r) => r.payload)).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("dedupes by key while the job exists", async () => {
    const q = queue();
    const first = await q.add(job({ key: "order-1", delayMs: 60_000 }));
    expect(await q.add(job({ key: "order-1", delayMs: 60_000 }))).toBe(first);
    expect(await q.add(job({ key: "order-2", delayMs: 60_000 }))).not.toBe(first);
    expect(await q.stats()).toMatchObject({ delayed: 2 });
  });

  it("counts waiting, active, delayed, failed and completed", async () => {
    const q = queue({ concurrency: 2 });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    q.start((kind) => (kind === "slow" ? gate : kind === "bad" ? Promise.reject(new Error("bad")) : Promise.resolve()));
    await q.add(job({ kind: "ok" }));
    await q.add(job({ kind: "bad", maxAttempts: 1 }));
    await eventually(async () => expect(await q.stats()).toMatchObject({ completed: 1, failed: 1 }));
    await q.add(job({ kind: "slow" }));
    await q.add(job({ kind: "slow" }));
    await q.add(job({ kind: "slow", priority: 50 }));
    await q.add(job({ kind: "later", delayMs: 60_000 }));
    await eventually(async () =>
      expect(await q.stats()).toEqual({ name: q.name, waiting: 1, active: 2, delayed: 1, failed: 1, completed: 1 }));
    release();
    await eventually(async () =>
      expect(await q.stats()).toEqual({ name: q.name, waiting: 0, active: 0, delayed: 1, failed: 1, completed: 4 }));
  });

  if (opts.durable)
    it("runs again a job whose worker died holding it, once the lease runs out", async () => {
      const h = harness();
      const q = queue({ leaseMs: 1_000 });
      const id = await q.add(job({ payload: "orphan" }));
      await h.takeAndDie?.(q);
      expect(await q.stats()).toMatchObject({ active: 1, waiting: 0 });
      const { runs, process } = recorder();
      const diedAt = Date.now();
      q.start(process);
      await eventually(() => expect(runs).toHaveLength(1), { timeoutMs: 8_000 });
      expect(runs[0]).toMatchObject({ payload: "orphan", ctx: { id, attempt: 2 } });
      expect(runs[0]!.atMs - diedAt).toBeGreaterThanOrEqual(500); // not before the lease could have run out
      await eventually(async () => expect(await q.stats()).toMatchObject({ active: 0, completed: 1 }));
    });
}

describe.each(testDialects)("SqlJobQueue on %s", (dialect) => {
  const test = useTestDatabase<JobsDb>(dialect, "jobs", () => ({
    "0001-jobs": { up: createJobsTable, down: dropJobsTable },
    "0002-jobs-traceparent": jobsTraceparentMigration(),
  }));
  queueBehaviours(() => ({
    open: (o) =>
      new SqlJobQueue({
        db: test.db.db, name: `q-${randomUUID().slice(0, 8)}`, clock: systemClock, logger, pollIntervalMs: 50,
        leaseMs: o?.leaseMs ?? 30_000, concurrency: o?.concurrency ?? 4, keepCompletedMs: 3_600_000,
      }),
    async takeAndDie(q) {
      if (!(q instanceof SqlJobQueue)) throw new Error("not a SQL queue");
      expect(await q.claim("a-process-that-dies", 1)).toHaveLength(1);
    },
  }), { durable: true });
});

describe.runIf(redisAvailable).each(REDIS_TOPOLOGIES)("BullmqJobQueue on Redis (%s)", (topology) => {
  const redis = useTestRedisTopology(topology);
  const prefix = "{bookstore-test}";
  queueBehaviours(() => ({
    open: (o) =>
      new BullmqJobQueue({
        url: redis.url, name: `q-${randomUUID().slice(0, 8)}`, prefix, logger, leaseMs: o?.leaseMs ?? 30_000,
        concurrency: o?.concurrency ?? 4, keepCompletedMs: 3_600_000,
      }),
    async takeAndDie(q) {
      const connection = createRedisClient(redis.url, { maxRetriesPerRequest: null });
      let taken = false;
      const dead = new Worker(q.name, () => {
        taken = true;
        return new Promise<void>(() => undefined); // hangs: the process "dies" mid-job
      }, { connection, prefix, lockDuration: 1_000, stalledInterval: 500 }); // configured like BullmqJobQueue with leaseMs 1000
      await eventually(() => expect(taken).toBe(true));
      await dead.close(true); // force: stops renewing the lock without finishing the job
      connection.disconnect();
    },
  }), { durable: true });

  it("keeps every key of a queue under the {hash tag}", async () => {
    const q = new BullmqJobQueue({
      url: redis.url, name: "tagged", prefix, logger, leaseMs: 30_000, concurrency: 1, keepCompletedMs: 60_000,
    });
    await q.add(job({ delayMs: 60_000 }));
    const keys = await keysEverywhere(redis.redis.client, "*tagged*");
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.startsWith(`${prefix}:tagged:`))).toBe(true);
    await q.close();
  });

  if (topology === "cluster")
    it("refuses a prefix without a hash tag on a Cluster (BullMQ's scripts would fail with CROSSSLOT)", () => {
      expect(() => new BullmqJobQueue({
        url: redis.url, name: "untagged", prefix: "bookstore", logger, leaseMs: 30_000, concurrency: 1, keepCompletedMs: 60_000,
      })).toThrow(/hash tag/);
    });
});

describe("LocalJobQueue (in-process pool)", () => {
  queueBehaviours(() => ({ open: (o) => new LocalJobQueue({ name: `local-${randomUUID().slice(0, 8)}`, concurrency: o?.concurrency ?? 4, logger }) }), {
    durable: false,
  });
});
