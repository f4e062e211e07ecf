import { listingTaskNotFound } from "./errors.js";
import type { ListingTask } from "./listing.js";
import type { ListingQueue } from "./listing-queue.js";
import type { ListingTaskRepository } from "./listing-task-repository.js";

/**
 * This instance's live state first (it is ahead of the record while a task runs), then the shared record,
 * so a task submitted through one catalog instance can be polled through any other.
 */
export class GetListingTask {
  constructor(private readonly deps: { queue: ListingQueue; tasks: ListingTaskRepository }) {}

  async execute(input: { taskId: string }): Promise<ListingTask> {
    const task = this.deps.queue.local(input.taskId) ?? (await this.deps.tasks.byId(input.taskId));
    if (!task) throw listingTaskNotFound(input.taskId);
    return task;
  }
}
