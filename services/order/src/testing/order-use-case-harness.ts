import { FakeClock } from "@bookstore/platform/clock";
import type { Database } from "@bookstore/platform/db";
import type { Actor } from "../domain/actor.js";
import type { Ids } from "../domain/clock.js";
import type { PaymentDeadlines } from "../domain/payment-deadlines-port.js";
import { createOrderUseCases } from "../order-use-cases.js";
import { KyselyCartRepository } from "../storage/kysely-cart-repository.js";
import { KyselyCartStatsRepository } from "../storage/kysely-cart-stats-repository.js";
import { KyselyOrderStore } from "../storage/kysely-order-store.js";
import type { OrderDb } from "../storage/schema.js";
import { FakeCatalog, FakeCoupons, FakePurchases, RecordingProvider, RecordingReporter } from "./fake-peers.js";
import { bookId, customer, TEST_HMAC_SECRET } from "./order-test-service.js";

/** The order use cases on a real database with in-memory peers, for tests that call use cases directly. */
export function orderUseCaseHarness(db: Database<OrderDb>, opts: { ids: Ids; clock?: FakeClock; deadlines?: PaymentDeadlines; onIdConflict?: (kind: string) => void }) {
  const clock = opts.clock ?? new FakeClock(new Date("2026-03-01T00:00:00.000Z"));
  const catalog = new FakeCatalog();
  const store = new KyselyOrderStore(db.db, { clock, ...(opts.onIdConflict ? { onIdConflict: opts.onIdConflict } : {}) });
  const useCases = createOrderUseCases({
    store, carts: new KyselyCartRepository(db.db, db.dialect, clock), cartStats: new KyselyCartStatsRepository(db.db, db.dialect), catalog, stock: catalog, coupons: new FakeCoupons(),
    purchases: new FakePurchases(), provider: new RecordingProvider(), reporter: new RecordingReporter(), clock, ids: opts.ids,
    settings: { maxLinesPerOrder: 5, paymentTimeoutSeconds: 900, hmacSecret: TEST_HMAC_SECRET }, deadlines: opts.deadlines,
  });
  const book = bookId();
  catalog.addBook(book, 1_000, 5);
  const buyerCaller = customer();
  const buyer: Actor = { userId: buyerCaller.userId, staffRead: false, staffWrite: false, credentials: buyerCaller };
  let n = 0;
  const placeOrder = async (quantity = 1) =>
    (await useCases.placeOrder.execute(buyer, {
      userId: buyer.userId, idempotencyKey: `k-${++n}`, items: [{ bookId: book, quantity }], fromCart: false, couponId: "", addressId: "",
    })).order;
  return { ...useCases, store, clock, catalog, book, buyer, placeOrder };
}
