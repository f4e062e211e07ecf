import type { Kysely } from "kysely";
import { systemClock } from "@bookstore/platform/clock";
import { isDuplicateKeyError } from "@bookstore/platform/db";
import type { Clock } from "../domain/clock.js";
import type {
  IdRegistry,
  IdempotencyRepository,
  OrderRepositories,
  OrderRepository,
  OrderStore,
  PaymentRepository,
  ProcessedEvents,
} from "../domain/order-store.js";
import { KyselyIdRegistry } from "./kysely-id-registry.js";
import { KyselyIdempotencyRepository } from "./kysely-idempotency-repository.js";
import { KyselyOrderRepository } from "./kysely-order-repository.js";
import { KyselyPaymentRepository } from "./kysely-payment-repository.js";
import { KyselyProcessedEvents } from "./kysely-processed-events.js";
import type { OrderDb } from "./schema.js";

export interface OrderStoreOptions {
  clock?: Clock;
  /** Counts an id that collided in id_validation (main.ts: bookstore_id_conflicts_total). */
  onIdConflict?: (kind: string) => void;
}

const reposFor = (db: Kysely<OrderDb>, o: Required<OrderStoreOptions>): OrderRepositories => ({
  ids: new KyselyIdRegistry(db, o.clock, o.onIdConflict),
  orders: new KyselyOrderRepository(db),
  idempotency: new KyselyIdempotencyRepository(db),
  payments: new KyselyPaymentRepository(db),
  events: new KyselyProcessedEvents(db),
});

export class KyselyOrderStore implements OrderStore {
  readonly ids: IdRegistry;
  readonly orders: OrderRepository;
  readonly idempotency: IdempotencyRepository;
  readonly payments: PaymentRepository;
  readonly events: ProcessedEvents;

  private readonly options: Required<OrderStoreOptions>;

  constructor(
    private readonly db: Kysely<OrderDb>,
    options: OrderStoreOptions = {},
  ) {
    this.options = { clock: options.clock ?? systemClock, onIdConflict: options.onIdConflict ?? (() => undefined) };
    const repos = reposFor(db, this.options);
    this.ids = repos.ids;
    this.orders = repos.orders;
    this.idempotency = repos.idempotency;
    this.payments = repos.payments;
    this.events = repos.events;
  }

  transaction<T>(work: (r: OrderRepositories) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(reposFor(trx, this.options)));
  }

  isDuplicateKey(e: unknown): boolean {
    return isDuplicateKeyError(e);
  }
}
