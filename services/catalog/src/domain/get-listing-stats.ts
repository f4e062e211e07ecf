import type { ListingQueue, ListingQueueStats } from "./listing-queue.js";

/** This instance's queues: what an operator checks before raising capacity or workers. */
export class GetListingStats {
  constructor(private readonly deps: { queue: ListingQueue }) {}

  execute(): ListingQueueStats[] {
    return this.deps.queue.stats();
  }
}
