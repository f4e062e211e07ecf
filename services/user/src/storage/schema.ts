import type { ColumnType } from "kysely";
import type { SqlInt } from "@bookstore/platform/db";

/** BIGINT: read as bigint (SQLite) or string (mysql2), written as a decimal string or a number. */
type Big = ColumnType<SqlInt, string | number, string | number>;
/** INTEGER 0/1 flags. */
type Flag = ColumnType<SqlInt, number, number>;

export interface UsersTable {
  id: Big;
  username: string;
  /** Lower-cased username: the unique key, so "Alice" and "alice" collide on both dialects. */
  username_key: string;
  email: string;
  password_hash: string;
  role: string;
  disabled: Flag;
  created_at: Big;
  updated_at: Big;
}

export interface SessionsTable {
  id: Big;
  family_id: Big;
  user_id: Big;
  token_hash: string;
  created_at: Big;
  expires_at: Big;
  revoked_at: ColumnType<SqlInt | null, string | number | null, string | number | null>;
}

export interface AddressesTable {
  id: Big;
  user_id: Big;
  recipient: string;
  phone: string;
  region: string;
  line1: string;
  postal_code: string;
  is_default: Flag;
  created_at: Big;
  updated_at: Big;
}

export interface CouponsTable {
  id: Big;
  user_id: Big;
  discount_cents: Big;
  min_order_cents: Big;
  status: string;
  expires_at: ColumnType<SqlInt | null, string | number | null, string | number | null>;
  /** Owned by the order service: an opaque id here. Unique, so an order holds at most one coupon. */
  order_id: string | null;
  created_at: Big;
  updated_at: Big;
}

export interface UserDb {
  users: UsersTable;
  sessions: SessionsTable;
  addresses: AddressesTable;
  coupons: CouponsTable;
}
