import type { BehaviourEvent, EventType } from "./behaviour-event.js";

/** How much one event of a type is worth: a fixed weight, or the event's own value (feedback ratings). */
export type EventWeights = Readonly<Record<EventType, number | "value">>;

export interface ScoredBook {
  readonly bookId: string;
  readonly score: number;
}

/** Where a scan of every event continues: after this event in (user, time, id) order. */
export interface ScanCursor {
  readonly userId: string;
  readonly createdAtMs: number;
  readonly id: string;
}

/** Behaviour events, append-only, kept per user with their time (storage/ implements it for SQLite and MySQL). */
export interface EventRepository {
  /** Stores the event; false when this user already sent one with its client event id (or it is stored already). */
  add(event: BehaviourEvent): Promise<boolean>;
  /** Books by summed weight of their events since `sinceMs`, highest first (ties by id), positive scores only. */
  topBooks(sinceMs: number, weights: EventWeights, limit: number): Promise<ScoredBook[]>;
  /** Books this user has bought. */
  purchasedBy(userId: string): Promise<string[]>;
  /** The user's latest events, newest first. */
  recentOf(userId: string, limit: number): Promise<BehaviourEvent[]>;
  /** The user's feedback events, newest first. */
  feedbackOf(userId: string, limit: number): Promise<BehaviourEvent[]>;
  /** The same user's events strictly before `event` (by time, then id) and not before `sinceMs`, newest first. */
  before(event: BehaviourEvent, sinceMs: number, limit: number): Promise<BehaviourEvent[]>;
  /** Every event since `sinceMs` in (user, time, id) order, a page at a time, after `after`. */
  scan(sinceMs: number, after: ScanCursor | undefined, limit: number): Promise<BehaviourEvent[]>;
}
