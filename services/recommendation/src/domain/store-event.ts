import type { BehaviourEvent } from "./behaviour-event.js";
import type { EventRepository } from "./event-repository.js";
import type { LiveItemModel } from "./live-item-model.js";
import type { EventIngest, ModelPeers } from "./ports.js";

/**
 * Stores an accepted event once (a repeated client event id adds nothing) and feeds it to the item model here and
 * in the other processes. The embedded profile's ingest: events are stored as they are posted.
 */
export class StoreEvent implements EventIngest {
  constructor(private readonly deps: { events: EventRepository; model: LiveItemModel; peers: ModelPeers }) {}

  /** True when stored now; false for a duplicate. */
  async execute(event: BehaviourEvent): Promise<boolean> {
    if (!(await this.deps.events.add(event))) return false;
    await this.propagate(event);
    return true;
  }

  /** An event stored by other means (with an order's processed marker): to the item models only. */
  async propagate(event: BehaviourEvent): Promise<void> {
    await this.deps.model.apply(event);
    await this.deps.peers.announce(event);
  }

  async submit(event: BehaviourEvent): Promise<void> {
    await this.execute(event);
  }
}
