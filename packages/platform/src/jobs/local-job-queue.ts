import { systemClock, type Clock } from "../clock/index.js";
import type { Logger } from "../logger/index.js";
import { activeTraceparent } from "../tracing/index.js";
import { runJobInSpan } from "./job-span.js";
import {
  backoffDelayMs, checkNewJob, errorText, failureReason, type FailedJobsPage, type JobProcessor, type JobQueue, type NewJob, type QueueStats,
} from "./job-queue.js";

interface Entry {
  id: string;
  job: NewJob;
  seq: number;
  attempts: number;
  error?: string;
  /** When it was dead-lettered. */
  failedAtMs?: number;
  /** The producer's trace, continued by the job's span. */
  traceparent: string | undefined;
}

const MAX_FAILED_KEPT = 1_000;

/**
 * The in-process worker pool: no I/O between enqueue and start, so latency-sensitive work starts at once.
 * Same behaviour as the durable queues (priority, delay, retries with backoff, failed list) but nothing
 * survives the process: only kinds whose loss is harmless (or repaired by another path) may use it.
 */
export class LocalJobQueue implements JobQueue {
  readonly name: string;
  private process: JobProcessor | undefined;
  private readonly waiting: Entry[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly active = new Map<string, Promise<void>>();
  private readonly failed = new Map<string, Entry>();
  private readonly keys = new Map<string, string>();
  private completed = 0;
  private seq = 0;
  private stopped = false;

  constructor(private readonly o: { name: string; concurrency: number; logger: Logger; clock?: Clock }) {
    this.name = o.name;
  }

  add(job: NewJob): Promise<string> {
    checkNewJob(job);
    if (this.stopped) return Promise.reject(new Error(`queue ${this.name} is closed`));
    const existing = job.key === undefined ? undefined : this.keys.get(job.key);
    if (existing !== undefined) return Promise.resolve(existing);
    const entry: Entry = { id: `${this.name}.${++this.seq}`, job, seq: this.seq, attempts: 0, traceparent: activeTraceparent() };
    if (job.key !== undefined) this.keys.set(job.key, entry.id);
    this.enqueueAfter(entry, job.delayMs);
    return Promise.resolve(entry.id);
  }

  stats(): Promise<QueueStats> {
    return Promise.resolve({
      name: this.name,
      waiting: this.waiting.length,
      active: this.active.size,
      delayed: this.timers.size,
      failed: this.failed.size,
      completed: this.completed,
    });
  }

  retryFailed(jobId: string): Promise<boolean> {
    const entry = this.failed.get(jobId);
    if (!entry || this.stopped) return Promise.resolve(false);
    this.failed.delete(jobId);
    entry.attempts = 0;
    this.enqueueAfter(entry, 0);
    return Promise.resolve(true);
  }

  listFailed(page: { offset: number; limit: number }): Promise<FailedJobsPage> {
    // The map keeps failure order (a retried job that fails again re-enters at the end): newest is last.
    const newestFirst = [...this.failed.values()].reverse().slice(page.offset, page.offset + page.limit);
    return Promise.resolve({
      jobs: newestFirst.map((e) => ({
        id: e.id, kind: e.job.kind, attemptsMade: e.attempts, failedReason: failureReason(e.error), failedAtMs: e.failedAtMs ?? 0,
      })),
      total: this.failed.size,
    });
  }

  start(process: JobProcessor): void {
    this.process ??= process;
    this.pump();
  }

  ready(): Promise<boolean> {
    return Promise.resolve(!this.stopped);
  }

  /** Drops what has not started (it was never durable) and waits for the running jobs. */
  async close(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.waiting.length = 0;
    await Promise.all([...this.active.values()]);
  }

  private enqueueAfter(entry: Entry, delayMs: number): void {
    if (this.stopped) return;
    if (delayMs <= 0) {
      this.insertByPriority(entry);
      this.pump();
      return;
    }
    this.timers.set(entry.id, setTimeout(() => {
      this.timers.delete(entry.id);
      this.insertByPriority(entry);
      this.pump();
    }, delayMs));
  }

  private insertByPriority(entry: Entry): void {
    entry.seq = ++this.seq; // ties run in the order they became due
    const at = this.waiting.findIndex((w) => w.job.priority > entry.job.priority);
    if (at === -1) this.waiting.push(entry);
    else this.waiting.splice(at, 0, entry);
  }

  private pump(): void {
    const process = this.process;
    while (process && !this.stopped && this.active.size < this.o.concurrency) {
      const entry = this.waiting.shift();
      if (!entry) return;
      entry.attempts += 1;
      const ctx = { id: entry.id, kind: entry.job.kind, attempt: entry.attempts };
      const run = Promise.resolve()
        .then(() => runJobInSpan("local", this.name, ctx, entry.traceparent, () => process(entry.job.kind, entry.job.payload, ctx)))
        .then(
          () => this.finished(entry),
          (e: unknown) => this.failedOnce(entry, e),
        )
        .finally(() => {
          this.active.delete(entry.id);
          this.pump();
        });
      this.active.set(entry.id, run);
    }
  }

  private finished(entry: Entry): void {
    this.completed += 1;
    if (entry.job.key !== undefined) this.keys.delete(entry.job.key);
  }

  private failedOnce(entry: Entry, e: unknown): void {
    entry.error = errorText(e);
    const last = entry.attempts >= entry.job.maxAttempts;
    this.o.logger.warn({ err: e, jobId: entry.id, kind: entry.job.kind, attempt: entry.attempts, deadLetter: last }, "job failed");
    if (!last) return this.enqueueAfter(entry, backoffDelayMs(entry.job.backoffMs, entry.attempts));
    entry.failedAtMs = (this.o.clock ?? systemClock).now().getTime();
    this.failed.set(entry.id, entry);
    // The failed list is memory; the oldest entries go first.
    for (const id of this.failed.keys()) {
      if (this.failed.size <= MAX_FAILED_KEPT) break;
      const key = this.failed.get(id)?.job.key;
      if (key !== undefined) this.keys.delete(key);
      this.failed.delete(id);
    }
  }
}
