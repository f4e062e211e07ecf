import {
  badBookId,
  badClientEventId,
  badEventValue,
  badUserId,
  feedbackOnlyOnFeedback,
  unknownEventType,
  unknownFeedback,
} from "./errors.js";

export const EVENT_TYPES = ["view", "cart_add", "purchase", "feedback"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Explicit feedback on a book; a bare rating (no kind) keeps its old meaning: below 0 is a dislike. */
export const FEEDBACK_KINDS = ["like", "dislike", "not_interested"] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** Something a user did with a book; the raw material of every recommendation. */
export interface BehaviourEvent {
  readonly id: string;
  readonly userId: string;
  readonly type: EventType;
  readonly bookId: string;
  /** feedback: a rating from -5 (dislike) to 5; purchase: the quantity; otherwise usually 0. */
  readonly value: number;
  /** Only on feedback events, when the client said which kind. */
  readonly feedback?: FeedbackKind;
  /** The client's id for this event (or one the server made up): the same id twice is stored once per user. */
  readonly clientEventId: string;
  readonly createdAtMs: number;
}

export const isEventType = (s: string): s is EventType => (EVENT_TYPES as readonly string[]).includes(s);
export const isFeedbackKind = (s: string): s is FeedbackKind => (FEEDBACK_KINDS as readonly string[]).includes(s);

/** Book ids are catalog Snowflakes: a positive decimal that fits in a signed 64-bit integer. */
export const isBookId = (s: string): boolean => /^[1-9]\d{0,18}$/.test(s) && BigInt(s) < 1n << 63n;

export const isClientEventId = (s: string): boolean => /^[A-Za-z0-9_.:-]{1,64}$/.test(s);

const VALUE_RANGE: Readonly<Record<EventType, readonly [number, number]>> = {
  view: [0, 1_000],
  cart_add: [0, 1_000],
  purchase: [0, 1_000],
  feedback: [-5, 5],
};

/** A kind narrows the rating to its sign; without a value it takes the kind's usual strength. */
const FEEDBACK_RANGE: Readonly<Record<FeedbackKind, readonly [number, number]>> = {
  like: [1, 5],
  dislike: [-5, -1],
  not_interested: [-5, 0],
};
const FEEDBACK_DEFAULT: Readonly<Record<FeedbackKind, number>> = { like: 5, dislike: -5, not_interested: -1 };

export interface EventInput {
  userId: string;
  type: string;
  bookId: string;
  /** Absent: 0, or the feedback kind's default. */
  value?: number | undefined;
  /** Empty or absent: no kind. */
  feedback?: string | undefined;
  /** Empty or absent: the server assigns one (the event is then not de-duplicated). */
  clientEventId?: string | undefined;
}

export type ValidEvent = Omit<BehaviourEvent, "id" | "createdAtMs" | "clientEventId"> & { readonly clientEventId?: string };

/** Checks an incoming event; the id, time and (when the client gave none) client event id are the caller's to assign. */
export function validEvent(input: EventInput): ValidEvent {
  if (input.userId.length === 0 || input.userId.length > 32) throw badUserId();
  if (!isEventType(input.type)) throw unknownEventType(input.type, EVENT_TYPES);
  if (!isBookId(input.bookId)) throw badBookId(input.bookId);
  const clientEventId = input.clientEventId || undefined;
  if (clientEventId !== undefined && !isClientEventId(clientEventId)) throw badClientEventId();
  const kind = input.feedback || undefined;
  if (kind !== undefined && !isFeedbackKind(kind)) throw unknownFeedback(kind, FEEDBACK_KINDS);
  if (kind !== undefined && input.type !== "feedback") throw feedbackOnlyOnFeedback(input.type);
  const [min, max] = kind ? FEEDBACK_RANGE[kind] : VALUE_RANGE[input.type];
  const value = input.value ?? (kind ? FEEDBACK_DEFAULT[kind] : 0);
  if (!Number.isInteger(value) || value < min || value > max) throw badEventValue(kind ?? input.type, min, max);
  return {
    userId: input.userId,
    type: input.type,
    bookId: input.bookId,
    value,
    ...(kind ? { feedback: kind } : {}),
    ...(clientEventId ? { clientEventId } : {}),
  };
}

/** The user asked not to see this book again: a dislike, "not interested", or a negative bare rating. */
export function dismisses(event: Pick<BehaviourEvent, "type" | "value" | "feedback">): boolean {
  if (event.type !== "feedback") return false;
  if (event.feedback) return event.feedback !== "like";
  return event.value < 0;
}
