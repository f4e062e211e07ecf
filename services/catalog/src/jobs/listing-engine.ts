import type { Config } from "@bookstore/platform/config";
import type { Logger } from "@bookstore/platform/logger";
import type { Registry } from "@bookstore/platform/metrics";
import type { ListingOutcome, ListingWrite } from "../domain/apply-listings.js";
import { listingEngineStopped } from "../domain/errors.js";
import {
  finishedTask,
  LISTING_FAILURES,
  LISTING_PRIORITIES,
  listingProblem,
  runningTask,
  type ListingPriority,
  type ListingTask,
} from "../domain/listing.js";
import type { ListingQueue, ListingQueueStats } from "../domain/listing-queue.js";
import type { ListingTaskRepository } from "../domain/listing-task-repository.js";
import type { Clock } from "../domain/ports.js";
import { GroupCommit } from "./group-commit.js";
import { listingMetrics, type ListingMetrics } from "./listing-metrics.js";
import { WorkPool } from "./work-pool.js";

export type ListingConfig = Config["listing"];

/**
 * A live engine finishes every task within taskTimeoutMs of queueing it and records that soon after; a record
 * still unfinished this long past its timeout was left by a process that died.
 */
export const STALE_AFTER_TIMEOUT_MS = 10_000;
const RECORD_RETRY_MS = 1_000;
const NORMAL_SLICE_MS = 20;

export interface ListingEngineDeps {
  config: ListingConfig;
  /** The batched stock write (ApplyListings). */
  apply: { execute(writes: readonly ListingWrite[]): Promise<ListingOutcome[]> };
  tasks: ListingTaskRepository;
  /** Tells other processes which books were listed (best effort). */
  publishListed: (bookIds: readonly string[]) => Promise<void>;
  clock: Clock;
  logger: Logger;
  registry: Registry;
}

/**
 * Two bounded pools, one per priority, each with its own workers and its own batched stock writer, so high
 * priority work never queues behind normal work (they share only the database). Admission never waits for
 * room: a batch that does not fit is refused at once and the caller answers 429.
 * Task records go through a group-committed journal: a batch is recorded "queued" before it may run (an
 * accepted task is never lost), and its final state is recorded when it ends.
 */
export class ListingEngine implements ListingQueue {
  private readonly live = new Map<string, ListingTask>();
  private readonly pools: Record<ListingPriority, WorkPool<ListingTask>>;
  private readonly writers: Record<ListingPriority, GroupCommit<ListingTask, ListingOutcome>>;
  /** One per priority too, so recording normal tasks never delays a high one. */
  private readonly journals: Record<ListingPriority, GroupCommit<ListingTask, void>>;
  private readonly metrics: ListingMetrics;
  private sweeper: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly deps: ListingEngineDeps) {
    const { config } = deps;
    const pool = (p: ListingPriority) =>
      new WorkPool<ListingTask>(config[p].capacity, config[p].workers, (t) => this.run(t), (e) =>
        deps.logger.error({ err: e }, "listing task crashed"),
      );
    this.pools = { high: pool("high"), normal: pool("normal") };
    // High-priority work never waits for a later event-loop turn: its queue is small, so its drain is short.
    // Normal work gives the loop back every few ms so HTTP requests (high submissions among them) get in.
    const slice = (p: ListingPriority) => (p === "normal" ? { sliceMs: NORMAL_SLICE_MS } : {});
    const writer = (p: ListingPriority) =>
      new GroupCommit<ListingTask, ListingOutcome>({ maxBatch: config.batchSize, run: (b) => this.write(b), ...slice(p) });
    this.writers = { high: writer("high"), normal: writer("normal") };
    const journal = (p: ListingPriority) =>
      new GroupCommit<ListingTask, void>({ maxBatch: 5_000, run: (b) => this.record(b), ...slice(p) });
    this.journals = { high: journal("high"), normal: journal("normal") };
    this.metrics = listingMetrics(deps.registry, () => this.pools);
  }

  async offer(tasks: readonly ListingTask[]): Promise<{ fullPriority: ListingPriority } | undefined> {
    if (this.closing) throw listingEngineStopped();
    const byPriority = { high: tasks.filter((t) => t.priority === "high"), normal: tasks.filter((t) => t.priority === "normal") };
    // Check every pool before holding any slot: the batch is taken whole or not at all.
    for (const p of LISTING_PRIORITIES) {
      if (byPriority[p].length > this.pools[p].room()) {
        for (const q of LISTING_PRIORITIES)
          if (byPriority[q].length > 0) this.metrics.tasks.inc({ priority: q, outcome: "rejected" }, byPriority[q].length);
        return { fullPriority: p };
      }
    }
    for (const p of LISTING_PRIORITIES) this.pools[p].reserve(byPriority[p].length);
    for (const t of tasks) this.live.set(t.taskId, t);
    try {
      await Promise.all(tasks.map((t) => this.journals[t.priority].add(t)));
    } catch (e) {
      for (const p of LISTING_PRIORITIES) this.pools[p].release(byPriority[p].length);
      for (const t of tasks) this.live.delete(t.taskId);
      throw e;
    }
    for (const p of LISTING_PRIORITIES) this.pools[p].commit(byPriority[p]);
    return undefined;
  }

  /** New queue capacities and worker counts (hot reload): the next offer is checked against them; nothing queued is lost. */
  resize(sizes: Pick<ListingConfig, "high" | "normal">): void {
    for (const p of LISTING_PRIORITIES) this.pools[p].resize(sizes[p].capacity, sizes[p].workers);
  }

  local(taskId: string): ListingTask | undefined {
    return this.live.get(taskId);
  }

  stats(): ListingQueueStats[] {
    return LISTING_PRIORITIES.map((priority) => {
      const pool = this.pools[priority];
      return { priority, depth: pool.depth, capacity: pool.capacity, running: pool.running, workers: pool.workers };
    });
  }

  /** Fails what a dead process left unfinished, then keeps doing so (and trims old records) in the background. */
  async start(): Promise<void> {
    await this.sweep();
    this.sweeper = setInterval(() => {
      this.sweep().catch((e: unknown) => this.deps.logger.warn({ err: e }, "listing sweep failed; retried next interval"));
    }, this.deps.config.sweepIntervalMs);
    this.sweeper.unref();
  }

  async sweep(): Promise<void> {
    const nowMs = this.now();
    const { taskTimeoutMs, retentionHours } = this.deps.config;
    const interrupted = await this.deps.tasks.failUnfinished(
      nowMs - taskTimeoutMs - STALE_AFTER_TIMEOUT_MS,
      LISTING_FAILURES.interrupted,
      nowMs,
    );
    if (interrupted > 0) this.deps.logger.warn({ interrupted }, "failed listing tasks left unfinished by a stopped process");
    await this.deps.tasks.deleteFinished(nowMs - retentionHours * 3_600_000);
  }

  /** Refuses new work, lets queued tasks finish (each within its timeout) and records them. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.sweeper) clearInterval(this.sweeper);
      await Promise.all(LISTING_PRIORITIES.map((p) => this.pools[p].idle()));
      await Promise.all(LISTING_PRIORITIES.map((p) => this.journals[p].idle()));
    })();
    return this.closing;
  }

  private async run(queued: ListingTask): Promise<void> {
    const startMs = this.now();
    this.metrics.wait.observe({ priority: queued.priority }, (startMs - queued.enqueuedAtMs) / 1_000);
    const leftMs = queued.enqueuedAtMs + this.deps.config.taskTimeoutMs - startMs;
    if (leftMs <= 0) return this.finish(queued, startMs, LISTING_FAILURES.timeout);
    const task = runningTask(queued);
    this.live.set(task.taskId, task);
    const problem = listingProblem(task);
    if (problem !== undefined) return this.finish(task, startMs, problem);
    this.finish(task, startMs, await this.applyWithin(task, leftMs));
  }

  /**
   * The task's outcome, or "timed out" once its deadline passes. A write already sent is not taken back: a
   * listing is an idempotent count, so a client seeing "timed out" may simply list again.
   */
  private applyWithin(task: ListingTask, ms: number): Promise<string | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(LISTING_FAILURES.timeout), ms);
      this.writers[task.priority].add(task).then(
        (outcome) => {
          clearTimeout(timer);
          resolve("reason" in outcome ? outcome.reason : undefined);
        },
        (e: unknown) => {
          clearTimeout(timer);
          this.deps.logger.error({ err: e }, "listing stock write failed");
          resolve(LISTING_FAILURES.writeFailed);
        },
      );
    });
  }

  private finish(task: ListingTask, startMs: number, reason: string | undefined): void {
    const nowMs = this.now();
    const done = finishedTask(task, nowMs, reason);
    this.live.set(done.taskId, done);
    const priority = done.priority;
    this.metrics.run.observe({ priority }, (nowMs - startMs) / 1_000);
    this.metrics.latency.observe({ priority }, (nowMs - done.enqueuedAtMs) / 1_000);
    this.metrics.tasks.inc({ priority, outcome: done.status });
    this.keep(done);
  }

  /** Records a final state; until that lands, this instance answers for the task from memory. */
  private keep(done: ListingTask): void {
    this.journals[done.priority].add(done).then(
      () => {
        if (this.live.get(done.taskId) === done) this.live.delete(done.taskId);
      },
      (e: unknown) => {
        this.deps.logger.error({ err: e, taskId: done.taskId }, "recording a listing task failed; retrying");
        setTimeout(() => this.keep(done), RECORD_RETRY_MS).unref();
      },
    );
  }

  private async write(batch: readonly ListingTask[]): Promise<ListingOutcome[]> {
    const outcomes = await this.deps.apply.execute(batch);
    const bookIds = [...new Set(outcomes.flatMap((o) => ("bookId" in o ? [o.bookId] : [])))];
    if (bookIds.length > 0)
      // Best effort by design (gateways warm caches from it); the stock itself is committed already.
      this.deps.publishListed(bookIds).catch((e: unknown) => this.deps.logger.warn({ err: e }, "publishing book.listed failed"));
    return outcomes;
  }

  /** Latest state per task wins: a batch may hold a task's "queued" and its final state. */
  private async record(batch: readonly ListingTask[]): Promise<void[]> {
    const latest = new Map<string, ListingTask>();
    for (const t of batch) latest.set(t.taskId, t);
    await this.deps.tasks.saveAll([...latest.values()]);
    return batch.map(() => undefined);
  }

  private now(): number {
    return this.deps.clock.now().getTime();
  }
}
