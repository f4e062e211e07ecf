import type { Kysely } from "kysely";
import { isDuplicateKeyError } from "@bookstore/platform/db";
import type {
  IdempotencyRepository,
  OrderRepositories,
  OrderRepository,
  OrderStore,
  PaymentRepository,
  ProcessedEvents,
} from "../domain/order-store.js";
import { KyselyIdempotencyRepository } from "./kysely-idempotency-repository.js";
import { KyselyOrderRepository } from "./kysely-order-repository.js";
import { KyselyPaymentRepository } from "./kysely-payment-repository.js";
import { KyselyProcessedEvents } from "./kysely-processed-events.js";
import type { OrderDb } from "./schema.js";

const reposFor = (db: Kysely<OrderDb>): OrderRepositories => ({
  orders: new KyselyOrderRepository(db),
  idempotency: new KyselyIdempotencyRepository(db),
  payments: new KyselyPaymentRepository(db),
  events: new KyselyProcessedEvents(db),
});

export class KyselyOrderStore implements OrderStore {
  readonly orders: OrderRepository;
  readonly idempotency: IdempotencyRepository;
  readonly payments: PaymentRepository;
  readonly events: ProcessedEvents;

  constructor(private readonly db: Kysely<OrderDb>) {
    const repos = reposFor(db);
    this.orders = repos.orders;
    this.idempotency = repos.idempotency;
    this.payments = repos.payments;
    this.events = repos.events;
  }

  transaction<T>(work: (r: OrderRepositories) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(reposFor(trx)));
  }

  isDuplicateKey(e: unknown): boolean {
    return isDuplicateKeyError(e);
  }
}
