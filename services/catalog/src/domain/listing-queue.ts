import type { ListingPriority, ListingTask } from "./listing.js";

export interface ListingQueueStats {
  readonly priority: ListingPriority;
  /** Waiting for a worker. */
  readonly depth: number;
  readonly capacity: number;
  readonly running: number;
  readonly workers: number;
}

/** The listing engine as the use cases see it. */
export interface ListingQueue {
  /**
   * Queues every task or none, without waiting for room: the priority whose queue cannot take all of its tasks,
   * or undefined once the tasks are recorded and queued.
   */
  offer(tasks: readonly ListingTask[]): Promise<{ fullPriority: ListingTask["priority"] } | undefined>;
  /** The task's latest state if this instance holds it (queued, running, or finished and not yet recorded). */
  local(taskId: string): ListingTask | undefined;
  stats(): ListingQueueStats[];
}
