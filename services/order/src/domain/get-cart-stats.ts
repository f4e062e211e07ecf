import type { Actor } from "./actor.js";
import { abandonmentRate, utcDate, type CartDayStats, type CartStatsRepository } from "./cart-stats.js";
import type { Clock } from "./clock.js";
import { badStatsDate, statsForbidden } from "./errors.js";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day in YYYY-MM-DD (2026-02-30 is not one). */
function isDate(text: string): boolean {
  const m = DATE.exec(text);
  return m !== null && utcDate(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))) === text;
}

/** One UTC day's cart funnel (see cart-stats.ts) for staff with order:read; today when no date is given. */
export class GetCartStats {
  constructor(private readonly deps: { stats: CartStatsRepository; clock: Clock }) {}

  async execute(actor: Actor, input: { date: string }): Promise<CartDayStats & { abandonmentRate: number | undefined }> {
    if (!actor.staffRead) throw statsForbidden();
    const date = input.date || utcDate(this.deps.clock.now());
    if (!isDate(date)) throw badStatsDate(input.date);
    const day = await this.deps.stats.byDate(date);
    return { ...day, abandonmentRate: abandonmentRate(day) };
  }
}
