import { stockChanged } from "./catalog-events.js";
import type { CatalogStore } from "./catalog-store.js";
import { bookNotFound, outOfStock } from "./errors.js";
import type { Clock } from "./ports.js";
import { ReservationKeyTaken } from "./reservation-repository.js";
import { reservationKey, stockLines, type StockLine } from "./stock.js";

/**
 * Moves available → reserved for every line or for none (one transaction), idempotent per key: the same key
 * again is a no-op success, whatever its lines, so a retried saga step never reserves twice.
 */
export class ReserveStock {
  constructor(private readonly deps: { store: CatalogStore; clock: Clock }) {}

  async execute(input: { key: string; lines: readonly StockLine[] }): Promise<void> {
    const key = reservationKey(input.key);
    const lines = stockLines(input.lines);
    const nowMs = this.deps.clock.now().getTime();
    try {
      await this.deps.store.transaction(async ({ books, stock, reservations, outbox }) => {
        if (await reservations.exists(key)) return;
        // The key first: a concurrent call with the same key waits on it, then finds it taken.
        await reservations.add(key, lines, nowMs);
        const live = new Set((await books.byIds(lines.map((l) => l.bookId))).filter((b) => !b.deleted).map((b) => b.id));
        for (const line of lines) {
          if (!live.has(line.bookId)) throw bookNotFound(line.bookId);
          if (!(await stock.reserve(line.bookId, line.quantity))) {
            const current = await stock.currentByBookId(line.bookId);
            throw outOfStock(line.bookId, line.quantity, current?.available ?? 0);
          }
        }
        await books.touch(lines.map((l) => l.bookId), nowMs);
        // Read back inside the transaction: the counts as this change left them.
        await outbox.add((await stock.byBookIds(lines.map((l) => l.bookId))).map(stockChanged), nowMs);
      });
    } catch (e) {
      // Another call with this key committed first: it did the reserving.
      if (e instanceof ReservationKeyTaken) return;
      throw e;
    }
  }
}
