import type { BehaviourEvent } from "./behaviour-event.js";

/** Time and ids come in through ports (the platform's Clock and Snowflake fit them), so tests control both. */
export interface Clock {
  now(): Date;
}

export interface Ids {
  next(): string;
}

/**
 * Where an accepted event goes: stored at once (embedded), or appended to a stream that a consumer group stores
 * (with Redis), so a burst of events never waits on the database.
 */
export interface EventIngest {
  submit(event: BehaviourEvent): Promise<void>;
}

/** The other processes serving recommendations: each keeps its own item model, so each hears of every stored event. */
export interface ModelPeers {
  announce(event: BehaviourEvent): Promise<void>;
}
