import type { ColumnType } from "kysely";
import type { SqlInt } from "@bookstore/platform/db";
import type { JobsTable } from "@bookstore/platform/jobs";
import type { OutboxTables } from "@bookstore/platform/outbox";

/** BIGINT: read as bigint (SQLite) or string (mysql2), written as a decimal string or a number. */
type Big = ColumnType<SqlInt, string | number, string | number>;
/** INTEGER (quantities, 0/1 flags). */
type Int = ColumnType<SqlInt, number, number>;

/** Ids owned by other services (users, books, coupons, addresses) are opaque varchar(32) here. */
export interface OrdersTable {
  id: Big;
  user_id: string;
  status: string;
  total_cents: Big;
  discount_cents: Big;
  payable_cents: Big;
  currency: string;
  coupon_id: string | null;
  address_id: string | null;
  created_at: Big;
  updated_at: Big;
  expires_at: Big;
  release_pending: Int;
}

export interface OrderItemsTable {
  order_id: Big;
  line_no: Int;
  book_id: string;
  title: string;
  quantity: Int;
  price_cents: Big;
}

export interface IdempotencyKeysTable {
  user_id: string;
  idem_key: string;
  request_hash: string;
  order_id: Big;
  created_at: Big;
}

export interface PaymentsTable {
  id: Big;
  order_id: Big;
  amount_cents: Big;
  status: string;
  created_at: Big;
  updated_at: Big;
}

export interface ProcessedPaymentEventsTable {
  event_id: string;
  payment_id: Big;
  processed_at: Big;
}

export interface CartItemsTable {
  user_id: string;
  book_id: string;
  quantity: Int;
  updated_at: Big;
}

/** Every order and payment id ever issued here (issue 3 id double-check). */
export interface IdValidationTable {
  id: Big;
  kind: string;
  created_at: Big;
}

/** The fallback counter: one row per id handed out after a collision. */
export interface IdFallbackSeqTable {
  seq: ColumnType<SqlInt, never, never>;
  created_at: Big;
}

/** One place-order saga per order (issue 4). */
export interface SagasTable {
  order_id: Big;
  user_id: string;
  idem_key: string;
  state: string;
  current_step: string;
  attempts: Int;
  created_at: Big;
  updated_at: Big;
}

export interface SagaStepsTable {
  order_id: Big;
  seq: Int;
  step: string;
  status: string;
  /** JSON: what the step's compensation needs. */
  input: string;
  updated_at: Big;
}

/** One row per UTC day (domain/cart-stats.ts), incremented in place. */
export interface CartDailyStatsTable {
  /** YYYY-MM-DD */
  day: string;
  started: Int;
  converted: Int;
}

export interface OrderDb extends OutboxTables {
  sagas: SagasTable;
  saga_steps: SagaStepsTable;
  jobs: JobsTable;
  id_validation: IdValidationTable;
  id_fallback_seq: IdFallbackSeqTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  idempotency_keys: IdempotencyKeysTable;
  payments: PaymentsTable;
  processed_payment_events: ProcessedPaymentEventsTable;
  cart_items: CartItemsTable;
  cart_daily_stats: CartDailyStatsTable;
}
