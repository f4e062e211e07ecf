import type { Clock } from "./clock.js";
import type { FailureReporter } from "./failure-reporter.js";
import { utcDate } from "./stats-day.js";

/**
 * Cart abandonment per UTC day, for the admin dashboard (issue 9):
 * - started: carts that went from empty to non-empty that day (an add that found the cart empty);
 * - converted: carts turned into an order that day (POST /orders with fromCart; a replayed order is not counted again);
 * - abandonment rate = 1 − converted / started, none when no cart started.
 * A cart started before midnight UTC and ordered after it converts on the order's day, so a quiet day may show more
 * conversions than starts: the rate is then 0, never negative. Counted in the order service's own SQL database
 * whichever adapter holds the carts, so every order process adds to the same row per day.
 */
export interface CartDayStats {
  /** YYYY-MM-DD, UTC. */
  readonly date: string;
  readonly started: number;
  readonly converted: number;
}

export type CartEvent = "started" | "converted";

export interface CartStatsRepository {
  /** Adds one to the day's count (an upsert: concurrent processes never lose an increment). */
  increment(date: string, event: CartEvent): Promise<void>;
  /** Zeros for a day nothing was counted on. */
  byDate(date: string): Promise<CartDayStats>;
}


export function abandonmentRate(day: CartDayStats): number | undefined {
  if (day.started === 0) return undefined;
  return Math.max(0, 1 - day.converted / day.started);
}

export interface CartCounting {
  stats: CartStatsRepository;
  clock: Clock;
  reporter: FailureReporter;
}

/** The cart change or order it describes already stands when this runs: a count that cannot be written is reported. */
export async function countCartEvent(deps: CartCounting, event: CartEvent, userId: string): Promise<void> {
  try {
    await deps.stats.increment(utcDate(deps.clock.now()), event);
  } catch (e) {
    deps.reporter.report(`count_cart_${event}`, e, { userId });
  }
}
