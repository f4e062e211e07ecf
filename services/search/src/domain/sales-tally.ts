import type { Clock } from "./clock.js";

/** How much a book has sold lately: what "bestselling" sorts by and what the small sales boost reads. */
export interface SalesSignal {
  recentSales(bookId: string): number;
  /** Changes whenever the figures do (a sale, or enough time for decay to matter): readers may cache until then. */
  readonly version: number;
  /** Every book that sold lately, with its decayed units now. */
  forEachRecent(visit: (bookId: string, units: number) => void): void;
}

export interface SaleLine {
  readonly bookId: string;
  readonly quantity: number;
}

/** The tally as plain data, for the index snapshot. */
export interface SalesImage {
  readonly books: readonly (readonly [bookId: string, units: number, atMs: number])[];
  /** Orders already counted, oldest first (de-duplication survives a restart). */
  readonly orders: readonly string[];
}

const DAY_MS = 86_400_000;
/** Orders remembered for de-duplication: redeliveries (and a restart's replay of the stream) come well within this. */
const REMEMBERED_ORDERS = 100_000;
/** Decay is the same for every book, so cached figures keep their order; they are refreshed this often anyway. */
const REFRESH_MS = 10 * 60_000;
/** A tally decayed below this is forgotten, so memory follows recent sales only. */
const NEGLIGIBLE_UNITS = 0.01;

/**
 * Units sold per book with exponential decay (half-life a week by default), so "bestselling" means selling now and
 * an old hit fades without a sliding window's buckets. Only books that sold take memory. Orders are counted once
 * each, by key, however often their event is delivered.
 */
export class SalesTally implements SalesSignal {
  private readonly tallies = new Map<string, { units: number; atMs: number }>();
  private readonly orders = new Set<string>();
  private changes = 0;
  private changedAtMs = Number.NEGATIVE_INFINITY;
  private sales = 0;

  constructor(
    private readonly clock: Clock,
    private readonly halfLifeMs = 7 * DAY_MS,
  ) {}

  /** Grows with every sale recorded (not with time): whether the tally changed since a snapshot was taken. */
  get revision(): number {
    return this.sales;
  }

  get version(): number {
    const nowMs = this.clock.now().getTime();
    if (Math.abs(nowMs - this.changedAtMs) >= REFRESH_MS) this.touch(nowMs);
    return this.changes;
  }

  /** Counts a paid order's books once; false when the order was already counted (a redelivery). */
  recordOrder(orderKey: string, lines: readonly SaleLine[], paidAtMs: number): boolean {
    if (this.orders.has(orderKey)) return false;
    this.orders.add(orderKey);
    // A Set iterates in insertion order: the first entry is the oldest.
    if (this.orders.size > REMEMBERED_ORDERS) this.orders.delete(this.orders.values().next().value ?? "");
    for (const line of lines) this.record(line.bookId, line.quantity, paidAtMs);
    return true;
  }

  /** Units sold at `atMs` (now by default; a later time is taken as now). */
  record(bookId: string, units: number, atMs?: number): void {
    if (!(units > 0)) return;
    const nowMs = this.clock.now().getTime();
    const soldAtMs = Math.min(atMs ?? nowMs, nowMs);
    const tally = this.tallies.get(bookId);
    const refMs = Math.max(soldAtMs, tally?.atMs ?? soldAtMs);
    const before = tally ? tally.units * this.decay(refMs - tally.atMs) : 0;
    this.tallies.set(bookId, { units: before + units * this.decay(refMs - soldAtMs), atMs: refMs });
    this.sales++;
    this.touch(nowMs);
  }

  recentSales(bookId: string): number {
    const tally = this.tallies.get(bookId);
    return tally ? tally.units * this.decay(this.clock.now().getTime() - tally.atMs) : 0;
  }

  forEachRecent(visit: (bookId: string, units: number) => void): void {
    const nowMs = this.clock.now().getTime();
    for (const [bookId, tally] of this.tallies) {
      const units = tally.units * this.decay(nowMs - tally.atMs);
      if (units < NEGLIGIBLE_UNITS) this.tallies.delete(bookId);
      else visit(bookId, units);
    }
  }

  toImage(): SalesImage {
    return { books: [...this.tallies].map(([bookId, t]) => [bookId, t.units, t.atMs] as const), orders: [...this.orders] };
  }

  /** Replaces the tally with a snapshot's. */
  load(image: SalesImage): void {
    this.tallies.clear();
    this.orders.clear();
    for (const [bookId, units, atMs] of image.books) this.tallies.set(bookId, { units, atMs });
    for (const key of image.orders.slice(-REMEMBERED_ORDERS)) this.orders.add(key);
    this.touch(this.clock.now().getTime());
  }

  private decay(elapsedMs: number): number {
    return 0.5 ** (Math.max(0, elapsedMs) / this.halfLifeMs);
  }

  private touch(nowMs: number): void {
    this.changes++;
    this.changedAtMs = nowMs;
  }
}

/** An index without a sales feed (tests, tools): nothing has sold as far as ranking can tell. */
export const NO_SALES: SalesSignal = { recentSales: () => 0, version: 0, forEachRecent: () => undefined };
