import type { Actor } from "./actor.js";
import type { Clock } from "./clock.js";
import type { OrderRepository } from "./order-store.js";
import { statsDay } from "./stats-day.js";

export interface SalesDayStats {
  /** YYYY-MM-DD, UTC. */
  date: string;
  /** Orders placed that day, whatever became of them. */
  ordersPlaced: number;
  /** Orders whose payment arrived that day and that still count as sold (paid, shipped or completed). */
  ordersPaid: number;
  /** What those paid orders paid, in cents. */
  revenueCents: number;
}

/**
 * One UTC day's sales for the admin dashboard (staff with order:read; today when no date is given), counted by the
 * database, so a busy day is as exact as a quiet one.
 */
export class GetSalesStats {
  constructor(private readonly deps: { orders: Pick<OrderRepository, "countPlacedBetween" | "paidBetween">; clock: Clock }) {}

  async execute(actor: Actor, input: { date: string }): Promise<SalesDayStats> {
    const day = statsDay(actor, input.date, this.deps.clock);
    const [ordersPlaced, paid] = await Promise.all([
      this.deps.orders.countPlacedBetween(day.startMs, day.endMs),
      this.deps.orders.paidBetween(day.startMs, day.endMs),
    ]);
    return { date: day.date, ordersPlaced, ordersPaid: paid.count, revenueCents: paid.payableCents };
  }
}
