import type { Actor } from "./actor.js";
import { abandonmentRate, type CartDayStats, type CartStatsRepository } from "./cart-stats.js";
import type { Clock } from "./clock.js";
import { statsDay } from "./stats-day.js";

/** One UTC day's cart funnel (see cart-stats.ts) for staff with order:read; today when no date is given. */
export class GetCartStats {
  constructor(private readonly deps: { stats: CartStatsRepository; clock: Clock }) {}

  async execute(actor: Actor, input: { date: string }): Promise<CartDayStats & { abandonmentRate: number | undefined }> {
    const { date } = statsDay(actor, input.date, this.deps.clock);
    const day = await this.deps.stats.byDate(date);
    return { ...day, abandonmentRate: abandonmentRate(day) };
  }
}
