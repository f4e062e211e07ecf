import type { Insertable, Selectable } from "kysely";
import { toBool, toId, toNumber } from "@bookstore/platform/db";
import type { Address } from "../domain/address.js";
import type { AddressesTable } from "./schema.js";

export const addressFromRow = (row: Selectable<AddressesTable>): Address => ({
  id: toId(row.id),
  userId: toId(row.user_id),
  recipient: row.recipient,
  phone: row.phone,
  region: row.region,
  line1: row.line1,
  postalCode: row.postal_code,
  isDefault: toBool(row.is_default),
  createdAtMs: toNumber(row.created_at),
  updatedAtMs: toNumber(row.updated_at),
});

export const addressToRow = (a: Address): Insertable<AddressesTable> => ({
  id: a.id,
  user_id: a.userId,
  recipient: a.recipient,
  phone: a.phone,
  region: a.region,
  line1: a.line1,
  postal_code: a.postalCode,
  is_default: a.isDefault ? 1 : 0,
  created_at: a.createdAtMs,
  updated_at: a.updatedAtMs,
});
