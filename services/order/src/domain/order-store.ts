import type { Order, OrderStatus } from "./order.js";
import type { Outbox } from "./outbox-port.js";
import type { Payment, PaymentStatus } from "./payment.js";
import type { SagaLog } from "./saga-log.js";

export interface OrderQuery {
  /** Undefined: every user's orders (staff). */
  userId?: string | undefined;
  status?: OrderStatus | undefined;
  page: number;
  size: number;
}

export interface OrderRepository {
  insert(order: Order): Promise<void>;
  byId(id: string): Promise<Order | undefined>;
  /**
   * Writes the order's mutable fields only if it is still in `expected` status, so two racing writers
   * (a cancel and a payment) cannot both win. False when someone else moved it first.
   */
  update(order: Order, expected: OrderStatus): Promise<boolean>;
  delete(id: string): Promise<void>;
  list(query: OrderQuery): Promise<{ orders: Order[]; total: number }>;
  /** Unpaid orders whose payment window closed at or before `nowMs`, oldest first. */
  expired(nowMs: number, limit: number): Promise<Order[]>;
  /** Cancelled orders whose stock or coupon release has not gone through yet. */
  releasePending(limit: number): Promise<Order[]>;
  markReleased(id: string): Promise<void>;
  /** How many orders were placed in [startMs, endMs). */
  countPlacedBetween(startMs: number, endMs: number): Promise<number>;
  /**
   * Orders whose payment succeeded in [startMs, endMs) and that still count as sold (paid, shipped or completed; a
   * refunded or cancelled one does not): how many, and what they paid.
   */
  paidBetween(startMs: number, endMs: number): Promise<{ count: number; payableCents: number }>;
}

export interface IdempotencyRecord {
  userId: string;
  key: string;
  requestHash: string;
  orderId: string;
  createdAtMs: number;
}

export interface IdempotencyRepository {
  /** Throws the store's duplicate-key error when (userId, key) exists: a racing request got there first. */
  insert(record: IdempotencyRecord): Promise<void>;
  find(userId: string, key: string): Promise<IdempotencyRecord | undefined>;
  delete(userId: string, key: string): Promise<void>;
}

export interface PaymentRepository {
  insert(payment: Payment): Promise<void>;
  byId(id: string): Promise<Payment | undefined>;
  pendingFor(orderId: string): Promise<Payment | undefined>;
  /** Conditional on the status, like OrderRepository.update. */
  update(payment: Payment, expected: PaymentStatus): Promise<boolean>;
}

export interface ProcessedEvents {
  /** False when the event id was recorded before (a replayed callback). */
  add(eventId: string, paymentId: string, nowMs: number): Promise<boolean>;
}

/**
 * The id double-check (issue 3): a new order or payment id is recorded under a unique key, in the transaction
 * that inserts the row, before it is used. Two writers never get the same id even if Snowflake worker ids collide.
 */
export interface IdRegistry {
  /** Returns `id` once recorded, or, when it was taken already, a fallback id from the database's own sequence. */
  claim(id: string, kind: "order" | "payment"): Promise<string>;
}

export interface OrderRepositories {
  ids: IdRegistry;
  orders: OrderRepository;
  idempotency: IdempotencyRepository;
  payments: PaymentRepository;
  events: ProcessedEvents;
  sagas: SagaLog;
  outbox: Outbox;
}

/** The repositories outside a transaction, and a way to run several writes atomically. */
export interface OrderStore extends OrderRepositories {
  transaction<T>(work: (r: OrderRepositories) => Promise<T>): Promise<T>;
  /** Distinguishes "a racing request inserted the same key" from a real failure. */
  isDuplicateKey(e: unknown): boolean;
  /**
   * Orders for a plain read that may go to a fresh replica (never inside a transaction); `userId` is who reads,
   * so their own recent writes come from the primary.
   */
  reads(userId: string): OrderRepository;
  /** After a user's write committed: their next reads go to the primary for a while (read-your-writes). */
  noteWrite(userId: string): void;
}
