import { randomUUID } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { Clock } from "../clock/index.js";
import { isDuplicateKeyError, toId, toNumber, type SqlInt } from "../db/index.js";
import type { Logger } from "../logger/index.js";
import { activeTraceparent, context, ROOT_CONTEXT } from "../tracing/index.js";
import { runJobInSpan } from "./job-span.js";
import {
  backoffDelayMs, checkNewJob, errorText, failureReason, type FailedJobsPage, type JobProcessor, type JobQueue, type NewJob, type QueueStats,
} from "./job-queue.js";
import type { JobsDb } from "./sql-jobs-table.js";

export interface SqlJobQueueOptions {
  db: Kysely<JobsDb>;
  name: string;
  clock: Clock;
  logger: Logger;
  pollIntervalMs: number;
  leaseMs: number;
  concurrency: number;
  keepCompletedMs: number;
}

export interface ClaimedJob {
  id: string;
  kind: string;
  payload: unknown;
  attempt: number;
  maxAttempts: number;
  backoffMs: number;
  /** The producer's trace, continued by the job's span. */
  traceparent: string | undefined;
}

const PRUNE_EVERY_MS = 60_000;

/**
 * Durable jobs in the owning service's database (embedded profile), polled by that service. A worker takes a
 * job with a conditional UPDATE (no SKIP LOCKED needed, so SQLite and MySQL run the same SQL) and holds it for
 * a lease it renews while the handler runs; if the process dies the lease runs out and any worker takes the
 * job again. Every later write is fenced on `locked_by`, so a worker that lost its lease cannot finish the job.
 */
export class SqlJobQueue implements JobQueue {
  readonly name: string;
  /** This process's lease token. */
  readonly owner = randomUUID();
  private process: JobProcessor | undefined;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private readonly running = new Set<Promise<void>>();
  private stopped = false;
  private lastPruneMs = 0;

  constructor(private readonly o: SqlJobQueueOptions) {
    this.name = o.name;
  }

  async add(job: NewJob): Promise<string> {
    checkNewJob(job);
    const now = this.now();
    try {
      const r = await this.o.db
        .insertInto("jobs")
        .values({
          queue: this.name, kind: job.kind, job_key: job.key ?? null, payload: JSON.stringify(job.payload ?? null),
          priority: job.priority, status: "waiting", run_at: now + job.delayMs, attempts: 0, max_attempts: job.maxAttempts,
          backoff_ms: job.backoffMs, lease_until: null, locked_by: null, last_error: null, created_at: now, updated_at: now,
          traceparent: activeTraceparent() ?? null,
        })
        .executeTakeFirstOrThrow();
      if (job.delayMs === 0) this.wake();
      return String(r.insertId);
    } catch (e) {
      if (job.key === undefined || !isDuplicateKeyError(e)) throw e;
      const existing = await this.o.db
        .selectFrom("jobs").select("id").where("queue", "=", this.name).where("job_key", "=", job.key).executeTakeFirst();
      if (!existing) throw e;
      return toId(existing.id);
    }
  }

  async stats(): Promise<QueueStats> {
    const now = this.now();
    const rows = await this.o.db
      .selectFrom("jobs")
      .select((eb) => ["status", eb.fn.countAll<SqlInt>().as("n")])
      .where("queue", "=", this.name)
      .groupBy("status")
      .execute();
    const delayed = await this.o.db
      .selectFrom("jobs")
      .select((eb) => eb.fn.countAll<SqlInt>().as("n"))
      .where("queue", "=", this.name).where("status", "=", "waiting").where("run_at", ">", now)
      .executeTakeFirst();
    const count = (status: string) => toNumber(rows.find((r) => r.status === status)?.n ?? 0);
    const delayedN = toNumber(delayed?.n ?? 0);
    return {
      name: this.name,
      waiting: count("waiting") - delayedN,
      active: count("active"),
      delayed: delayedN,
      failed: count("failed"),
      completed: count("completed"),
    };
  }

  async retryFailed(jobId: string): Promise<boolean> {
    if (!/^\d{1,19}$/.test(jobId)) return false;
    const now = this.now();
    const r = await this.o.db
      .updateTable("jobs")
      .set({ status: "waiting", attempts: 0, run_at: now, updated_at: now })
      .where("id", "=", jobId).where("queue", "=", this.name).where("status", "=", "failed")
      .executeTakeFirst();
    if (r.numUpdatedRows === 0n) return false;
    this.wake();
    return true;
  }

  /** A failed row's updated_at is the moment it was dead-lettered: nothing touches it until a retry. */
  async listFailed(page: { offset: number; limit: number }): Promise<FailedJobsPage> {
    const failed = this.o.db.selectFrom("jobs").where("queue", "=", this.name).where("status", "=", "failed");
    const [rows, count] = await Promise.all([
      failed
        .select(["id", "kind", "attempts", "last_error", "updated_at"])
        .orderBy("updated_at", "desc").orderBy("id", "desc")
        .limit(page.limit).offset(page.offset)
        .execute(),
      failed.select((eb) => eb.fn.countAll<SqlInt>().as("n")).executeTakeFirst(),
    ]);
    return {
      jobs: rows.map((r) => ({
        id: toId(r.id), kind: r.kind, attemptsMade: toNumber(r.attempts), failedReason: failureReason(r.last_error),
        failedAtMs: toNumber(r.updated_at),
      })),
      total: toNumber(count?.n ?? 0),
    };
  }

  start(process: JobProcessor): void {
    if (this.process || this.stopped) return;
    this.process = process;
    this.schedule(0);
  }

  async ready(): Promise<boolean> {
    try {
      await sql`select 1`.execute(this.o.db);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.ticking;
    await Promise.all([...this.running]);
  }

  /**
   * Takes up to `max` due jobs for `owner`: waiting ones that are due, and active ones whose lease ran out.
   * Public so tests can play a worker that takes a job and dies.
   */
  async claim(owner: string, max: number): Promise<ClaimedJob[]> {
    const now = this.now();
    const candidates = await this.o.db
      .selectFrom("jobs")
      .select(["id", "kind", "payload", "status", "attempts", "max_attempts", "backoff_ms", "traceparent"])
      .where("queue", "=", this.name)
      .where((eb) =>
        eb.or([
          eb.and([eb("status", "=", "waiting"), eb("run_at", "<=", now)]),
          eb.and([eb("status", "=", "active"), eb("lease_until", "<=", now)]),
        ]),
      )
      .orderBy("priority").orderBy("run_at").orderBy("id")
      .limit(max)
      .execute();
    const claimed: ClaimedJob[] = [];
    for (const c of candidates) {
      const attempts = toNumber(c.attempts);
      const maxAttempts = toNumber(c.max_attempts);
      const same = this.o.db.updateTable("jobs").where("id", "=", c.id).where("status", "=", c.status).where("attempts", "=", attempts);
      if (c.status === "active" && attempts >= maxAttempts) {
        // Its worker died during the last attempt: dead-letter it like a failure.
        await same.set({ status: "failed", lease_until: null, locked_by: null, last_error: "worker died (lease expired)", updated_at: now }).execute();
        continue;
      }
      const r = await same
        .set({ status: "active", attempts: attempts + 1, lease_until: now + this.o.leaseMs, locked_by: owner, updated_at: now })
        .executeTakeFirst();
      if (r.numUpdatedRows !== 1n) continue; // another worker took it first
      claimed.push({
        id: toId(c.id), kind: c.kind, payload: JSON.parse(c.payload) as unknown, attempt: attempts + 1, maxAttempts,
        backoffMs: toNumber(c.backoff_ms), traceparent: c.traceparent ?? undefined,
      });
    }
    return claimed;
  }

  private now(): number {
    return this.o.clock.now().getTime();
  }

  private fenced(job: ClaimedJob) {
    return this.o.db.updateTable("jobs").where("id", "=", job.id).where("status", "=", "active").where("locked_by", "=", this.owner);
  }

  /** Polls now if the loop is idle between polls (a job was added or finished here). */
  private wake(): void {
    if (!this.process || this.stopped || this.ticking || !this.timer) return;
    clearTimeout(this.timer);
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    // A timer keeps the async context it was set in: a poll woken by add() would put its statements in the
    // producer's trace. Polling belongs to no trace; each job's span names its own parent.
    this.timer = context.with(ROOT_CONTEXT, () => setTimeout(() => {
      this.timer = undefined;
      this.ticking = this.tick().finally(() => (this.ticking = undefined));
    }, ms));
  }

  private async tick(): Promise<void> {
    let full = false;
    try {
      const free = this.o.concurrency - this.running.size;
      if (free > 0) {
        const jobs = await this.claim(this.owner, free);
        for (const job of jobs) this.track(this.run(job));
        full = jobs.length === free;
      }
      await this.prune();
    } catch (e) {
      this.o.logger.error({ err: e, queue: this.name }, "job poll failed");
    }
    // A full batch means more may be due: look again at once rather than after the interval.
    this.schedule(full && this.running.size < this.o.concurrency ? 0 : this.o.pollIntervalMs);
  }

  private track(p: Promise<void>): void {
    this.running.add(p);
    void p.finally(() => {
      this.running.delete(p);
      this.wake();
    });
  }

  private async run(job: ClaimedJob): Promise<void> {
    const process = this.process;
    if (!process) return;
    // Renew the lease while the handler runs, so a slow job is not taken by a second worker.
    const renew = setInterval(() => {
      void this.fenced(job).set({ lease_until: this.now() + this.o.leaseMs }).execute()
        .catch((e: unknown) => this.o.logger.warn({ err: e, jobId: job.id }, "job lease renewal failed"));
    }, Math.max(100, Math.floor(this.o.leaseMs / 3)));
    let failure: unknown;
    let ok = false;
    try {
      const ctx = { id: job.id, kind: job.kind, attempt: job.attempt };
      await runJobInSpan("sql", this.name, ctx, job.traceparent, () => process(job.kind, job.payload, ctx));
      ok = true;
    } catch (e) {
      failure = e;
    } finally {
      clearInterval(renew);
    }
    try {
      await this.settle(job, ok, failure);
    } catch (e) {
      // The lease runs out and the job runs again: handlers are idempotent.
      this.o.logger.error({ err: e, jobId: job.id }, "could not record a job's outcome");
    }
  }

  private async settle(job: ClaimedJob, ok: boolean, failure: unknown): Promise<void> {
    const now = this.now();
    if (ok) {
      const done = this.o.keepCompletedMs === 0
        ? this.o.db.deleteFrom("jobs").where("id", "=", job.id).where("locked_by", "=", this.owner).execute()
        : this.fenced(job).set({ status: "completed", lease_until: null, locked_by: null, updated_at: now }).execute();
      await done;
      return;
    }
    const error = errorText(failure);
    const last = job.attempt >= job.maxAttempts;
    this.o.logger.warn({ err: failure, jobId: job.id, kind: job.kind, attempt: job.attempt, deadLetter: last }, "job failed");
    await this.fenced(job)
      .set(last
        ? { status: "failed", lease_until: null, locked_by: null, last_error: error, updated_at: now }
        : { status: "waiting", run_at: now + backoffDelayMs(job.backoffMs, job.attempt), lease_until: null, locked_by: null, last_error: error, updated_at: now })
      .execute();
  }

  private async prune(): Promise<void> {
    const now = this.now();
    if (now - this.lastPruneMs < PRUNE_EVERY_MS) return;
    this.lastPruneMs = now;
    await this.o.db
      .deleteFrom("jobs")
      .where("queue", "=", this.name).where("status", "=", "completed").where("updated_at", "<", now - this.o.keepCompletedMs)
      .execute();
  }
}
