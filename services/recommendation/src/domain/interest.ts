import { dismisses, type BehaviourEvent, type EventType } from "./behaviour-event.js";

/** A purchase says more than a cart, a cart more than a look (the same scale as popularity). */
const INTEREST_BY_TYPE: Readonly<Record<Exclude<EventType, "feedback">, number>> = { view: 1, cart_add: 3, purchase: 5 };

/**
 * How strongly one event says "this user is into this book": feedback counts its positive rating (a like is 5),
 * a dislike says nothing about what goes together, so it counts 0 here (it only hides the book).
 */
export function interestOf(event: Pick<BehaviourEvent, "type" | "value" | "feedback">): number {
  if (event.type !== "feedback") return INTEREST_BY_TYPE[event.type];
  return dismisses(event) ? 0 : Math.max(0, event.value);
}

/** Exponential decay: an event `ageMs` old counts 2^(−age / halfLife) of a fresh one. */
export const decayed = (weight: number, ageMs: number, halfLifeMs: number): number => weight * 2 ** (-Math.max(0, ageMs) / halfLifeMs);
