import { badField, listingQueueFull } from "./errors.js";
import { listingItem, queuedTask, type ListingPriority, type ListingTask } from "./listing.js";
import type { ListingQueue } from "./listing-queue.js";
import type { Clock, Ids } from "./ports.js";

export interface SubmitListingsInput {
  items: readonly { isbn: string; stock: number; priority: ListingPriority }[];
}

/** Admits a batch of listings whole or not at all; the tasks then run on the engine's workers. */
export class SubmitListings {
  constructor(
    private readonly deps: {
      queue: ListingQueue;
      clock: Clock;
      ids: Ids;
      maxItems: number;
      retryAfterSeconds: number;
    },
  ) {}

  async execute(input: SubmitListingsInput): Promise<ListingTask[]> {
    const { maxItems } = this.deps;
    if (input.items.length < 1 || input.items.length > maxItems)
      throw badField("items", `must hold 1 to ${maxItems} listings`, { max: maxItems });
    const items = input.items.map((raw, i) => listingItem(raw, `items[${i}]`));
    const nowMs = this.deps.clock.now().getTime();
    const tasks = items.map((item) => queuedTask(this.deps.ids.next(), item, nowMs));
    const refused = await this.deps.queue.offer(tasks);
    if (refused) throw listingQueueFull(refused.fullPriority, this.deps.retryAfterSeconds);
    return tasks;
  }
}
