import type { ColumnType, Kysely } from "kysely";
import type { SqlInt } from "@bookstore/platform/db";
import type { OrderDb } from "../../storage/schema.js";

type Big = ColumnType<SqlInt, string | number, string | number>;
type Int = ColumnType<SqlInt, number, number>;

export interface FlashSalesTable {
  id: Big;
  book_id: string;
  title: string;
  price_cents: Big;
  currency: string;
  quantity: Int;
  /** The embedded gate's counter; in production the Redis counter is live and this keeps the initial value. */
  remaining: Int;
  starts_at: Big;
  ends_at: Big;
  created_at: Big;
  units_released: Int;
}

/** (sale_id, user_id) is the primary key: one unit per user, enforced by the database too. */
export interface FlashSalePurchasesTable {
  sale_id: Big;
  user_id: string;
  unit: Int;
  status: string;
  order_id: Big | null;
  reason: string | null;
  created_at: Big;
  updated_at: Big;
}

// A type alias, not an interface: withTables wants an index-signature-compatible record.
export type FlashSaleTables = {
  flash_sales: FlashSalesTable;
  flash_sale_purchases: FlashSalePurchasesTable;
};

/** The order database plus the flash sale tables (same database: an order and its purchase commit together). */
export type FlashSaleDb = OrderDb & FlashSaleTables;

/** The flash sale view of an order-database handle (or transaction): same connection, more tables. */
export const flashSaleDb = (db: Kysely<OrderDb>): Kysely<FlashSaleDb> => db.withTables<FlashSaleTables>();
