import { validEvent, type BehaviourEvent, type EventInput } from "./behaviour-event.js";
import type { EventRepository } from "./event-repository.js";
import type { Clock, Ids } from "./ports.js";

/** Stores one behaviour event after checking it. */
export class RecordEvent {
  constructor(private readonly deps: { events: EventRepository; clock: Clock; ids: Ids }) {}

  async execute(input: EventInput): Promise<BehaviourEvent> {
    const event: BehaviourEvent = { ...validEvent(input), id: this.deps.ids.next(), createdAtMs: this.deps.clock.now().getTime() };
    await this.deps.events.add(event);
    return event;
  }
}
