import { Queue, Worker, type Job } from "bullmq";
import { closeRedisClient, createRedisClient, isCluster, type RedisClient } from "../kv/index.js";
import type { Logger } from "../logger/index.js";
import { activeTraceparent } from "../tracing/index.js";
import { runJobInSpan } from "./job-span.js";
import { checkNewJob, failureReason, type FailedJobsPage, type JobProcessor, type JobQueue, type NewJob, type QueueStats } from "./job-queue.js";

export interface BullmqJobQueueOptions {
  url: string;
  name: string;
  /** Key prefix; the hash tag keeps every key of every queue in one Redis Cluster slot (BullMQ's Lua needs that). */
  prefix: string;
  logger: Logger;
  leaseMs: number;
  concurrency: number;
  keepCompletedMs: number;
}

export const DEFAULT_BULLMQ_PREFIX = "{bookstore}";

/**
 * Durable jobs on Redis (production). The lease is BullMQ's job lock: a worker renews it while the handler runs;
 * when a worker dies, another worker's stalled-job check moves the job back to waiting once the lock is gone.
 */
export class BullmqJobQueue implements JobQueue {
  readonly name: string;
  private readonly connection: RedisClient;
  private readonly queue: Queue;
  private worker: Worker | undefined;
  private workerConnection: RedisClient | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly o: BullmqJobQueueOptions) {
    this.name = o.name;
    // Commands wait out a reconnect instead of failing after a few retries (BullMQ's advice for its clients).
    this.connection = createRedisClient(o.url, { maxRetriesPerRequest: null });
    // Without a hash tag a queue's keys scatter over the slots and BullMQ's scripts fail with CROSSSLOT.
    if (isCluster(this.connection) && !/\{[^}]+\}/.test(o.prefix)) {
      this.connection.disconnect();
      throw new Error(`BullMQ prefix "${o.prefix}" needs a {hash tag} on Redis Cluster`);
    }
    this.connection.on("error", (e) => o.logger.warn({ err: e, queue: o.name }, "job queue redis error"));
    this.queue = new Queue(o.name, { connection: this.connection, prefix: o.prefix });
  }

  async add(job: NewJob): Promise<string> {
    checkNewJob(job);
    const traceparent = activeTraceparent();
    const added = await this.queue.add(job.kind, job.payload, {
      // BullMQ refuses all-digit custom ids; the prefix also keeps keyed ids apart from generated ones.
      ...(job.key !== undefined ? { jobId: `k.${job.key}` } : {}),
      delay: job.delayMs,
      priority: job.priority,
      attempts: job.maxAttempts,
      backoff: { type: "exponential", delay: job.backoffMs },
      removeOnComplete: this.o.keepCompletedMs === 0 ? true : { age: Math.ceil(this.o.keepCompletedMs / 1000) },
      removeOnFail: false,
      // BullMQ's own slot for propagation metadata (a JSON carrier, as its telemetry integration writes it).
      ...(traceparent === undefined ? {} : { telemetry: { metadata: JSON.stringify({ traceparent }) } }),
    });
    if (added.id === undefined) throw new Error(`queue ${this.name} returned no job id`);
    return added.id;
  }

  async stats(): Promise<QueueStats> {
    const c = await this.queue.getJobCounts("waiting", "prioritized", "active", "delayed", "failed", "completed");
    return {
      name: this.name,
      waiting: (c["waiting"] ?? 0) + (c["prioritized"] ?? 0),
      active: c["active"] ?? 0,
      delayed: c["delayed"] ?? 0,
      failed: c["failed"] ?? 0,
      completed: c["completed"] ?? 0,
    };
  }

  async retryFailed(jobId: string): Promise<boolean> {
    const job = await this.queue.getJob(jobId);
    if (!job || (await job.getState()) !== "failed") return false;
    await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
    return true;
  }

  /** BullMQ keeps the failed set ordered by finish time; its failedReason is the error message (the stack is apart). */
  async listFailed(page: { offset: number; limit: number }): Promise<FailedJobsPage> {
    if (page.limit <= 0) return { jobs: [], total: await this.queue.getFailedCount() };
    const [jobs, total] = await Promise.all([
      this.queue.getFailed(page.offset, page.offset + page.limit - 1),
      this.queue.getFailedCount(),
    ]);
    return {
      // A job removed between the two reads comes back empty: skip it.
      jobs: jobs.flatMap((j) =>
        j?.id === undefined ? [] : [{
          id: j.id, kind: j.name, attemptsMade: j.attemptsMade, failedReason: failureReason(j.failedReason),
          failedAtMs: j.finishedOn ?? j.processedOn ?? j.timestamp,
        }]),
      total,
    };
  }

  start(process: JobProcessor): void {
    if (this.worker || this.closing) return;
    this.workerConnection = createRedisClient(this.o.url, { maxRetriesPerRequest: null });
    this.workerConnection.on("error", (e) => this.o.logger.warn({ err: e, queue: this.name }, "job worker redis error"));
    this.worker = new Worker(
      this.name,
      (job: Job) => {
        const ctx = { id: job.id ?? "", kind: job.name, attempt: Math.max(job.attemptsStarted, job.attemptsMade + 1) };
        return runJobInSpan("bullmq", this.name, ctx, traceparentOf(job), () => process(job.name, job.data, ctx));
      },
      {
        connection: this.workerConnection,
        prefix: this.o.prefix,
        concurrency: this.o.concurrency,
        lockDuration: this.o.leaseMs,
        stalledInterval: Math.max(500, Math.floor(this.o.leaseMs / 2)),
        maxStalledCount: 1,
      },
    );
    this.worker.on("failed", (job, e) =>
      this.o.logger.warn({ err: e, jobId: job?.id, kind: job?.name, attempt: job?.attemptsMade }, "job failed"));
    this.worker.on("error", (e) => this.o.logger.error({ err: e, queue: this.name }, "job worker error"));
  }

  async ready(): Promise<boolean> {
    try {
      return (await this.connection.ping()) === "PONG";
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      // The worker drains first (its running jobs finish), then the producer, then the connections they used.
      await this.worker?.close();
      await this.queue.close();
      for (const c of [this.workerConnection, this.connection]) if (c) await closeRedisClient(c);
    })();
    return this.closing;
  }
}

/** The producer's traceparent from a job's telemetry metadata; undefined when absent or not ours to read. */
function traceparentOf(job: Job): string | undefined {
  const metadata = job.opts.telemetry?.metadata;
  if (!metadata) return undefined;
  let carrier: unknown;
  try {
    carrier = JSON.parse(metadata);
  } catch {
    return undefined; // written by something else: the job still runs, in a trace of its own
  }
  return typeof carrier === "object" && carrier !== null && "traceparent" in carrier && typeof carrier.traceparent === "string"
    ? carrier.traceparent
    : undefined;
}
