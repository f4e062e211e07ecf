import { stockChanged } from "./catalog-events.js";
import type { CatalogStore } from "./catalog-store.js";
import type { Clock } from "./ports.js";
import { reservationKey } from "./stock.js";

/** Sells a reservation (payment succeeded): reserved drops. Idempotent; a no-op for an unknown or settled key. */
export class ConfirmStock {
  constructor(private readonly deps: { store: CatalogStore; clock: Clock }) {}

  async execute(input: { key: string }): Promise<void> {
    const key = reservationKey(input.key);
    const nowMs = this.deps.clock.now().getTime();
    await this.deps.store.transaction(async ({ books, stock, reservations, outbox }) => {
      const lines = await reservations.settle(key, "confirmed", nowMs);
      if (lines.length === 0) return;
      for (const line of lines) await stock.sell(line.bookId, line.quantity);
      await books.touch(lines.map((l) => l.bookId), nowMs);
      await outbox.add((await stock.byBookIds(lines.map((l) => l.bookId))).map(stockChanged), nowMs);
    });
  }
}
