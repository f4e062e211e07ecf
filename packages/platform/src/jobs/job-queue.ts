/**
 * The job queue port. Durable queues (BullMQ on Redis, or the owning service's SQL job table) survive restarts;
 * the local queue is an in-process worker pool for latency-sensitive work that may be lost with the process.
 * A job kind's entry in the service's kind table (JobKinds) decides which one it goes to.
 */

export interface NewJob {
  kind: string;
  /** Anything JSON can carry; handlers narrow it. */
  payload: unknown;
  /** Not run before this many ms from now. */
  delayMs: number;
  /** 1 (most urgent) … MAX_PRIORITY; lower runs first, ties in the order they became due. */
  priority: number;
  /** Runs at most this many times; after the last failure the job goes to the failed (dead-letter) list. */
  maxAttempts: number;
  /** The n-th retry waits backoffMs · 2^(n-1). */
  backoffMs: number;
  /**
   * Dedupe: while a job with this key exists in the queue (waiting, running, failed or kept as completed),
   * adding it again returns the existing job's id. Letters, digits, `-`, `_` and `.` only (BullMQ job ids).
   */
  key?: string | undefined;
}

export interface JobContext {
  id: string;
  kind: string;
  /** 1 on the first run; a job whose worker died counts that run too. */
  attempt: number;
}

/** Throwing retries the job (with backoff) until maxAttempts, then dead-letters it. */
export type JobProcessor = (kind: string, payload: unknown, ctx: JobContext) => Promise<void>;

export interface QueueStats {
  name: string;
  /** Due and not started. */
  waiting: number;
  active: number;
  /** Not due yet: delayed jobs and retries waiting out their backoff. */
  delayed: number;
  /** Dead-lettered after their last attempt. */
  failed: number;
  /** Finished and not pruned yet (config jobs.keepCompletedMs). */
  completed: number;
}

/** A dead-lettered job as an operator sees it; the payload stays out (it may carry user data). */
export interface FailedJob {
  id: string;
  kind: string;
  /** Runs made before it was dead-lettered (a retry starts counting again). */
  attemptsMade: number;
  /** The last error's message (failureReason), never a stack. */
  failedReason: string;
  failedAtMs: number;
}

export interface FailedJobsPage {
  /** Newest failure first. */
  jobs: FailedJob[];
  /** Failed jobs in the queue, across all pages. */
  total: number;
}

export interface JobQueue {
  readonly name: string;
  add(job: NewJob): Promise<string>;
  stats(): Promise<QueueStats>;
  /** Moves a dead-lettered job back to waiting with fresh attempts; false when this queue has no failed job with that id. */
  retryFailed(jobId: string): Promise<boolean>;
  /** The dead-letter list, newest failure first: `limit` jobs after skipping `offset`. */
  listFailed(page: { offset: number; limit: number }): Promise<FailedJobsPage>;
  /** Starts consuming. Call once, after every handler the processor needs exists. */
  start(process: JobProcessor): void;
  ready(): Promise<boolean>;
  /** Stops taking jobs and waits for the running ones (they finish or are retried elsewhere). Idempotent. */
  close(): Promise<void>;
}

export const MAX_PRIORITY = 1_000_000;
const KEY_PATTERN = /^[A-Za-z0-9_.-]{1,180}$/;

/** The delay before retry number `failedAttempts` (1 after the first failure). */
export const backoffDelayMs = (backoffMs: number, failedAttempts: number): number =>
  backoffMs * 2 ** Math.max(0, failedAttempts - 1);

/** Rejects what no backend could store, so both behave the same on bad input. */
export function checkNewJob(job: NewJob): void {
  if (!Number.isInteger(job.priority) || job.priority < 1 || job.priority > MAX_PRIORITY)
    throw new RangeError(`job priority ${job.priority}: expected 1..${MAX_PRIORITY}`);
  if (!Number.isInteger(job.maxAttempts) || job.maxAttempts < 1) throw new RangeError(`maxAttempts ${job.maxAttempts}`);
  if (!(job.delayMs >= 0) || !(job.backoffMs >= 0)) throw new RangeError("delayMs and backoffMs must be ≥ 0");
  if (job.key !== undefined && !KEY_PATTERN.test(job.key)) throw new RangeError(`job key ${JSON.stringify(job.key)}`);
}

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e)).slice(0, 1000);

const MAX_REASON_CHARS = 500;

/** What the failed list shows of an error: its message (never a stack), cut to MAX_REASON_CHARS. */
export const failureReason = (message: string | null | undefined): string => {
  const text = message ?? "";
  return text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS - 1)}…` : text;
};
