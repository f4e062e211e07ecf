import type { Logger } from "@bookstore/platform/logger";
import type { EventStream, StreamEvent } from "@bookstore/platform/outbox";
import { isBookId, isClientEventId, validEvent, type BehaviourEvent } from "../domain/behaviour-event.js";
import { parseJsonObject } from "../domain/json-object.js";
import type { EventIngest } from "../domain/ports.js";

export const BEHAVIOUR_TOPIC = "recommendation.behaviour";
/** Shared by every recommendation process: each event is stored by one of them. */
export const BEHAVIOUR_GROUP = "recommendation-ingest";

/** Production ingest: an accepted event is appended to a Redis stream and answered at once; the group stores it. */
export class StreamIngest implements EventIngest {
  constructor(private readonly stream: EventStream) {}

  async submit(event: BehaviourEvent): Promise<void> {
    await this.stream.append({ id: event.id, topic: BEHAVIOUR_TOPIC, key: event.userId, payload: JSON.stringify(event) });
  }
}

/** An appended event read back, checked again: the stream is shared infrastructure, not a trusted caller. */
export function parseBehaviourEvent(payload: string): BehaviourEvent | undefined {
  const raw = parseJsonObject(payload);
  if (!raw) return undefined;
  const { id, userId, type, bookId, value, feedback, clientEventId, createdAtMs } = raw;
  // Event ids are Snowflakes like book ids.
  if (typeof id !== "string" || !isBookId(id) || typeof clientEventId !== "string" || !isClientEventId(clientEventId)) return undefined;
  if (typeof createdAtMs !== "number" || !Number.isSafeInteger(createdAtMs)) return undefined;
  if (typeof userId !== "string" || typeof type !== "string" || typeof bookId !== "string" || typeof value !== "number") return undefined;
  if (feedback !== undefined && typeof feedback !== "string") return undefined;
  try {
    return { ...validEvent({ userId, type, bookId, value, feedback }), id, clientEventId, createdAtMs };
  } catch {
    return undefined;
  }
}

/** Stores what the stream holds (StoreEvent: once per client event id, then into the item models). */
export class BehaviourStreamConsumer {
  private stop: (() => Promise<void>) | undefined;

  constructor(
    private readonly deps: { stream: EventStream; store: { execute(event: BehaviourEvent): Promise<boolean> }; logger: Logger },
  ) {}

  start(): void {
    this.stop ??= this.deps.stream.consume(BEHAVIOUR_TOPIC, BEHAVIOUR_GROUP, (e) => this.handle(e).then(() => undefined));
  }

  /** True when stored now; false for a duplicate or an unreadable entry (skipped, never retried forever). */
  async handle(entry: StreamEvent): Promise<boolean> {
    const event = parseBehaviourEvent(entry.payload);
    if (!event) {
      this.deps.logger.warn({ eventId: entry.id }, "unreadable behaviour event skipped");
      return false;
    }
    return this.deps.store.execute(event);
  }

  async close(): Promise<void> {
    await this.stop?.();
  }
}
