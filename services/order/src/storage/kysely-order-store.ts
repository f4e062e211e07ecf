import type { Kysely } from "kysely";
import { systemClock } from "@bookstore/platform/clock";
import { isDuplicateKeyError } from "@bookstore/platform/db";
import { Snowflake } from "@bookstore/platform/ids";
import type { Clock, Ids } from "../domain/clock.js";
import type { Outbox } from "../domain/outbox-port.js";
import type {
  IdRegistry,
  IdempotencyRepository,
  OrderRepositories,
  OrderRepository,
  OrderStore,
  PaymentRepository,
  ProcessedEvents,
} from "../domain/order-store.js";
import type { SagaLog } from "../domain/saga-log.js";
import { KyselyIdRegistry } from "./kysely-id-registry.js";
import { KyselyIdempotencyRepository } from "./kysely-idempotency-repository.js";
import { KyselyOrderRepository } from "./kysely-order-repository.js";
import { KyselyOutbox } from "./kysely-outbox.js";
import { KyselyPaymentRepository } from "./kysely-payment-repository.js";
import { KyselyProcessedEvents } from "./kysely-processed-events.js";
import { KyselySagaLog } from "./kysely-saga-log.js";
import type { OrderDb } from "./schema.js";

export interface OrderStoreOptions {
  clock?: Clock;
  /** Outbox event ids (the runtime's Snowflake). */
  ids?: Ids;
  /** Counts an id that collided in id_validation (main.ts: bookstore_id_conflicts_total). */
  onIdConflict?: (kind: string) => void;
  /** Called after outbox events committed (main.ts: OutboxRelay.kick, to cut latency). */
  onOutboxCommit?: () => void;
  /** Where plain reads may go (Database.reader); the primary when absent. */
  reader?: (ctx: { userId: string }) => Kysely<OrderDb>;
  /** Database.noteWrite: read-your-writes after a user's write. */
  noteWrite?: (userId: string) => void;
}

type Options = Required<Omit<OrderStoreOptions, "reader">> & { reader: OrderStoreOptions["reader"] | undefined };

const reposFor = (db: Kysely<OrderDb>, o: Options, onOutboxWrite: () => void): OrderRepositories => ({
  ids: new KyselyIdRegistry(db, o.clock, o.onIdConflict),
  orders: new KyselyOrderRepository(db),
  idempotency: new KyselyIdempotencyRepository(db),
  payments: new KyselyPaymentRepository(db),
  events: new KyselyProcessedEvents(db),
  sagas: new KyselySagaLog(db),
  outbox: new KyselyOutbox(db, o.ids, o.clock, onOutboxWrite),
});

export class KyselyOrderStore implements OrderStore {
  readonly ids: IdRegistry;
  readonly orders: OrderRepository;
  readonly idempotency: IdempotencyRepository;
  readonly payments: PaymentRepository;
  readonly events: ProcessedEvents;
  readonly sagas: SagaLog;
  readonly outbox: Outbox;

  private readonly options: Options;

  constructor(
    private readonly db: Kysely<OrderDb>,
    options: OrderStoreOptions = {},
  ) {
    this.options = {
      clock: options.clock ?? systemClock,
      ids: options.ids ?? new Snowflake(0),
      onIdConflict: options.onIdConflict ?? (() => undefined),
      onOutboxCommit: options.onOutboxCommit ?? (() => undefined),
      noteWrite: options.noteWrite ?? (() => undefined),
      reader: options.reader,
    };
    // Outside a transaction each write commits at once.
    const repos = reposFor(db, this.options, this.options.onOutboxCommit);
    this.ids = repos.ids;
    this.orders = repos.orders;
    this.idempotency = repos.idempotency;
    this.payments = repos.payments;
    this.events = repos.events;
    this.sagas = repos.sagas;
    this.outbox = repos.outbox;
  }

  async transaction<T>(work: (r: OrderRepositories) => Promise<T>): Promise<T> {
    let wroteEvents = false;
    const result = await this.db.transaction().execute((trx) => work(reposFor(trx, this.options, () => (wroteEvents = true))));
    // Only after the commit: the relay must find the rows.
    if (wroteEvents) this.options.onOutboxCommit();
    return result;
  }

  isDuplicateKey(e: unknown): boolean {
    return isDuplicateKeyError(e);
  }

  reads(userId: string): OrderRepository {
    return this.options.reader ? new KyselyOrderRepository(this.options.reader({ userId })) : this.orders;
  }

  noteWrite(userId: string): void {
    this.options.noteWrite(userId);
  }
}
