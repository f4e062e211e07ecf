import type { BehaviourEvent, EventType } from "./behaviour-event.js";

/** How much one event of a type is worth: a fixed weight, or the event's own value (feedback ratings). */
export type EventWeights = Readonly<Record<EventType, number | "value">>;

export interface ScoredBook {
  readonly bookId: string;
  readonly score: number;
}

/** Behaviour events, append-only (storage/ implements it for SQLite and MySQL). */
export interface EventRepository {
  add(event: BehaviourEvent): Promise<void>;
  /** Books by summed weight of their events since `sinceMs`, highest first (ties by id), positive scores only. */
  topBooks(sinceMs: number, weights: EventWeights, limit: number): Promise<ScoredBook[]>;
  /** Books this user has bought. */
  purchasedBy(userId: string): Promise<string[]>;
  /**
   * Books that users who touched `bookId` also touched since `sinceMs`, scored by how many such users there are;
   * negative feedback is not a connection.
   */
  coOccurring(bookId: string, sinceMs: number, limit: number): Promise<ScoredBook[]>;
}
