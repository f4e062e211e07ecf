import { badBookId, badEventValue, badUserId, unknownEventType } from "./errors.js";

export const EVENT_TYPES = ["view", "cart_add", "purchase", "feedback"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Something a user did with a book; the raw material of every recommendation. */
export interface BehaviourEvent {
  readonly id: string;
  readonly userId: string;
  readonly type: EventType;
  readonly bookId: string;
  /** feedback: a rating from -5 (dislike) to 5; purchase: the quantity; otherwise usually 0. */
  readonly value: number;
  readonly createdAtMs: number;
}

export const isEventType = (s: string): s is EventType => (EVENT_TYPES as readonly string[]).includes(s);

/** Book ids are catalog Snowflakes: a positive decimal that fits in a signed 64-bit integer. */
export const isBookId = (s: string): boolean => /^[1-9]\d{0,18}$/.test(s) && BigInt(s) < 1n << 63n;

const VALUE_RANGE: Readonly<Record<EventType, readonly [number, number]>> = {
  view: [0, 1_000],
  cart_add: [0, 1_000],
  purchase: [0, 1_000],
  feedback: [-5, 5],
};

export interface EventInput {
  userId: string;
  type: string;
  bookId: string;
  value: number;
}

/** Checks an incoming event; the id and time are the caller's to assign. */
export function validEvent(input: EventInput): Omit<BehaviourEvent, "id" | "createdAtMs"> {
  if (input.userId.length === 0 || input.userId.length > 32) throw badUserId();
  if (!isEventType(input.type)) throw unknownEventType(input.type, EVENT_TYPES);
  if (!isBookId(input.bookId)) throw badBookId(input.bookId);
  const [min, max] = VALUE_RANGE[input.type];
  if (!Number.isInteger(input.value) || input.value < min || input.value > max) throw badEventValue(input.type, min, max);
  return { userId: input.userId, type: input.type, bookId: input.bookId, value: input.value };
}
