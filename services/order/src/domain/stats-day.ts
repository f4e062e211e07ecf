import type { Actor } from "./actor.js";
import type { Clock } from "./clock.js";
import { badStatsDate, statsForbidden } from "./errors.js";

export const utcDate = (at: Date): string => at.toISOString().slice(0, 10);

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export interface StatsDay {
  /** YYYY-MM-DD, UTC. */
  date: string;
  startMs: number;
  /** Exclusive. */
  endMs: number;
}

/**
 * The UTC day a staff statistics request asks for (today when `date` is empty), for callers with order:read.
 * 2026-02-30 is not a day: a date must survive the round trip through the calendar.
 */
export function statsDay(actor: Actor, date: string, clock: Clock): StatsDay {
  if (!actor.staffRead) throw statsForbidden();
  const text = date || utcDate(clock.now());
  const m = DATE.exec(text);
  const startMs = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || utcDate(new Date(startMs)) !== text) throw badStatsDate(date);
  return { date: text, startMs, endMs: startMs + DAY_MS };
}
