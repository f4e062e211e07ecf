import type { Kysely } from "kysely";
import type { Clock } from "../clock/index.js";
import type { Logger } from "../logger/index.js";
import type { Registry } from "../metrics/index.js";
import { BullmqJobQueue, DEFAULT_BULLMQ_PREFIX } from "./bullmq-job-queue.js";
import type { FailedJobsPage, JobContext, JobQueue, QueueStats } from "./job-queue.js";
import { reportQueueDepth } from "./job-metrics.js";
import { LocalJobQueue } from "./local-job-queue.js";
import { SqlJobQueue } from "./sql-job-queue.js";
import type { JobsDb } from "./sql-jobs-table.js";

/**
 * How one kind of job runs. "durable": BullMQ with redisUrl, else the owning service's SQL job table; survives
 * restarts, at-least-once, so handlers must be idempotent. "local": the in-process pool; starts without I/O but
 * is lost with the process, so only for work that another path repairs or that may be dropped.
 */
export interface JobKind {
  backend: "durable" | "local";
  /** Queue name (one name, one backend); stats are per queue. */
  queue: string;
  maxAttempts: number;
  /** First retry delay; doubles with each further retry. */
  backoffMs: number;
  /** Default priority, 1 (most urgent) … 1_000_000. */
  priority: number;
}

/** A service's table of job kinds: the one place that decides where each kind runs. */
export type JobKinds = Readonly<Record<string, JobKind>>;

export type JobHandler = (payload: unknown, ctx: JobContext) => Promise<void>;

export interface EnqueueOptions {
  delayMs?: number;
  priority?: number;
  /** Dedupe key (see NewJob.key). */
  key?: string;
}

/**
 * A service's jobs: enqueue by kind, handlers by kind, stats and dead-letter retry per queue. Producers and
 * consumers share it; `start()` (called last in main.ts) begins consuming, `close()` drains before the db closes.
 */
export class JobSystem {
  private readonly queues = new Map<string, JobQueue>();
  private readonly handlers = new Map<string, JobHandler>();
  private readonly stopReporting: (() => void)[] = [];
  private started = false;

  constructor(
    private readonly kinds: JobKinds,
    open: (backend: JobKind["backend"], queue: string) => JobQueue,
  ) {
    const backendOf = new Map<string, JobKind["backend"]>();
    for (const [kind, spec] of Object.entries(kinds)) {
      const seen = backendOf.get(spec.queue);
      if (seen !== undefined && seen !== spec.backend)
        throw new Error(`job kind ${kind}: queue ${spec.queue} is already ${seen}, not ${spec.backend}`);
      backendOf.set(spec.queue, spec.backend);
    }
    for (const [queue, backend] of backendOf) this.queues.set(queue, open(backend, queue));
  }

  /** Registers the handler of a kind; every kind in the table needs one before start(). */
  handle(kind: string, handler: JobHandler): this {
    if (!this.kinds[kind]) throw new Error(`unknown job kind ${kind}`);
    this.handlers.set(kind, handler);
    return this;
  }

  enqueue(kind: string, payload: unknown, opts: EnqueueOptions = {}): Promise<string> {
    const spec = this.kinds[kind];
    const queue = spec && this.queues.get(spec.queue);
    if (!spec || !queue) return Promise.reject(new Error(`unknown job kind ${kind}`));
    return queue.add({
      kind, payload, delayMs: opts.delayMs ?? 0, priority: opts.priority ?? spec.priority, maxAttempts: spec.maxAttempts,
      backoffMs: spec.backoffMs, key: opts.key,
    });
  }

  /** One row per queue, by name. */
  async stats(): Promise<QueueStats[]> {
    const all = await Promise.all([...this.queues.values()].map((q) => q.stats()));
    return all.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** False when the queue or its failed job is unknown. */
  retryFailed(queue: string, jobId: string): Promise<boolean> {
    return this.queues.get(queue)?.retryFailed(jobId) ?? Promise.resolve(false);
  }

  /** A queue's dead-letter list, newest first; undefined when this system has no such queue. */
  listFailed(queue: string, page: { offset: number; limit: number }): Promise<FailedJobsPage | undefined> {
    return this.queues.get(queue)?.listFailed(page) ?? Promise.resolve(undefined);
  }

  /** Publishes this system's queue depths (gauge jobs_queue_depth) on `registry` until close(). */
  reportDepthTo(registry: Registry, logger: Logger): this {
    this.stopReporting.push(reportQueueDepth(registry, () => this.stats(), logger));
    return this;
  }

  start(): void {
    if (this.started) return;
    const missing = Object.keys(this.kinds).filter((k) => !this.handlers.has(k));
    if (missing.length > 0) throw new Error(`job kinds without a handler: ${missing.join(", ")}`);
    this.started = true;
    for (const queue of this.queues.values())
      queue.start((kind, payload, ctx) => {
        const handler = this.handlers.get(kind);
        // A kind this version does not know (left by an older or newer deploy) fails into the dead-letter list.
        return handler ? handler(payload, ctx) : Promise.reject(new Error(`no handler for job kind ${kind}`));
      });
  }

  async ready(): Promise<boolean> {
    return (await Promise.all([...this.queues.values()].map((q) => q.ready()))).every(Boolean);
  }

  async close(): Promise<void> {
    for (const stop of this.stopReporting.splice(0)) stop();
    const failures = (await Promise.allSettled([...this.queues.values()].map((q) => q.close()))).filter((r) => r.status === "rejected");
    if (failures.length > 0) throw new AggregateError(failures.map((f) => f.reason), "some job queues failed to close");
  }
}

export interface JobsSettings {
  pollIntervalMs: number;
  leaseMs: number;
  concurrency: number;
  localConcurrency: number;
  keepCompletedMs: number;
}

export interface OpenJobSystemInput {
  kinds: JobKinds;
  settings: JobsSettings;
  /** Set: durable queues on BullMQ. Empty: on `sql`. */
  redisUrl: string;
  /** The owning service's database with the jobs table (createJobsTable in its migrations). */
  sql?: Kysely<JobsDb> | undefined;
  clock: Clock;
  logger: Logger;
  /** BullMQ key prefix; keep the {hash tag}. */
  prefix?: string;
  /** The process's metrics registry: queue depths are published on it (jobs_queue_depth). */
  registry?: Registry | undefined;
}

/** The factory main.ts calls: picks the durable backend from the config. */
export function openJobSystem(input: OpenJobSystemInput): JobSystem {
  const { settings, logger } = input;
  const system = new JobSystem(input.kinds, (backend, name) => {
    if (backend === "local") return new LocalJobQueue({ name, concurrency: settings.localConcurrency, logger, clock: input.clock });
    if (input.redisUrl)
      return new BullmqJobQueue({
        url: input.redisUrl, name, prefix: input.prefix ?? DEFAULT_BULLMQ_PREFIX, logger, leaseMs: settings.leaseMs,
        concurrency: settings.concurrency, keepCompletedMs: settings.keepCompletedMs,
      });
    if (!input.sql) throw new Error(`durable queue ${name} needs redisUrl or a SQL jobs table`);
    return new SqlJobQueue({
      db: input.sql, name, clock: input.clock, logger, pollIntervalMs: settings.pollIntervalMs, leaseMs: settings.leaseMs,
      concurrency: settings.concurrency, keepCompletedMs: settings.keepCompletedMs,
    });
  });
  return input.registry ? system.reportDepthTo(input.registry, logger) : system;
}
