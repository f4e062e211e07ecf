import type { ListingTask } from "./listing.js";

/**
 * Task records outlive the process that ran them: any instance answers GET, and records left unfinished by a
 * process that died are failed rather than left "queued" forever.
 */
export interface ListingTaskRepository {
  byId(taskId: string): Promise<ListingTask | undefined>;
  /** Inserts or overwrites each record by task id, in one statement per chunk. */
  saveAll(tasks: readonly ListingTask[]): Promise<void>;
  /** Fails every queued or running record enqueued before the cutoff; returns how many. */
  failUnfinished(enqueuedBeforeMs: number, reason: string, nowMs: number): Promise<number>;
  /** Deletes records that finished before the cutoff; returns how many. */
  deleteFinished(finishedBeforeMs: number): Promise<number>;
}
