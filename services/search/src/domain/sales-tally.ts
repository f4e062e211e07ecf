import type { Clock } from "./clock.js";

/** How much a book has sold lately: what "bestselling" sorts by and what the small sales boost reads. */
export interface SalesSignal {
  recentSales(bookId: string): number;
}

const DAY_MS = 86_400_000;

/**
 * Units sold per book with exponential decay (half-life a week by default), so "bestselling" means selling now and
 * an old hit fades without a sliding window's buckets. Only books that sold take memory.
 */
export class SalesTally implements SalesSignal {
  private readonly tallies = new Map<string, { units: number; atMs: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly halfLifeMs = 7 * DAY_MS,
  ) {}

  record(bookId: string, units: number): void {
    if (!(units > 0)) return;
    const nowMs = this.clock.now().getTime();
    this.tallies.set(bookId, { units: this.decayed(bookId, nowMs) + units, atMs: nowMs });
  }

  recentSales(bookId: string): number {
    return this.decayed(bookId, this.clock.now().getTime());
  }

  private decayed(bookId: string, nowMs: number): number {
    const tally = this.tallies.get(bookId);
    if (!tally) return 0;
    return tally.units * 0.5 ** (Math.max(0, nowMs - tally.atMs) / this.halfLifeMs);
  }
}

/** Until order events reach the search service, nothing has sold as far as ranking can tell. */
export const NO_SALES: SalesSignal = { recentSales: () => 0 };
