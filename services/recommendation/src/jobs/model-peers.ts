import type { EventBus } from "@bookstore/platform/events";
import type { Logger } from "@bookstore/platform/logger";
import type { BehaviourEvent } from "../domain/behaviour-event.js";
import { parseJsonObject } from "../domain/json-object.js";
import type { ModelPeers } from "../domain/ports.js";
import { parseBehaviourEvent } from "./behaviour-stream.js";

export const MODEL_CHANNEL = "recommendation.model";

interface Announcement {
  origin: string;
  event: string;
}

/**
 * Keeps every process's item model fed when several serve recommendations: the process that stored an event
 * announces it over pub/sub and the others apply it. Best effort: a process that misses one catches up at its
 * next scheduled rebuild, which reads the stored events.
 */
export class EventBusPeers implements ModelPeers {
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly deps: {
      bus: EventBus;
      /** This process, so it skips its own announcements (it applied them already). */
      origin: string;
      model: { apply(event: BehaviourEvent): Promise<void> };
      logger: Logger;
    },
  ) {}

  async announce(event: BehaviourEvent): Promise<void> {
    const message: Announcement = { origin: this.deps.origin, event: JSON.stringify(event) };
    try {
      await this.deps.bus.publish(MODEL_CHANNEL, JSON.stringify(message));
    } catch (err) {
      // The event is stored; only other processes' models miss it until their rebuild.
      this.deps.logger.warn({ err, eventId: event.id }, "could not announce a behaviour event to other processes");
    }
  }

  start(): void {
    this.unsubscribe ??= this.deps.bus.subscribe(MODEL_CHANNEL, (payload) => void this.receive(payload));
  }

  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private async receive(payload: string): Promise<void> {
    const event = this.parse(payload);
    if (!event) return;
    try {
      await this.deps.model.apply(event);
    } catch (err) {
      this.deps.logger.warn({ err, eventId: event.id }, "could not apply another process's behaviour event");
    }
  }

  private parse(payload: string): BehaviourEvent | undefined {
    const { origin, event } = parseJsonObject(payload) ?? {};
    if (origin === this.deps.origin || typeof event !== "string") return undefined;
    return parseBehaviourEvent(event);
  }
}

/** One process serves recommendations (embedded): nobody to tell. */
export const NO_PEERS: ModelPeers = { announce: () => Promise.resolve() };
