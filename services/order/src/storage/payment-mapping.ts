import type { Insertable, Selectable } from "kysely";
import { toId, toNumber } from "@bookstore/platform/db";
import type { Payment, PaymentStatus } from "../domain/payment.js";
import type { PaymentsTable } from "./schema.js";

const STATUSES: readonly PaymentStatus[] = ["pending", "succeeded", "failed"];

function statusFromRow(s: string): PaymentStatus {
  const found = STATUSES.find((x) => x === s);
  if (!found) throw new Error(`unknown payment status in the database: ${s}`);
  return found;
}

export const paymentFromRow = (row: Selectable<PaymentsTable>): Payment => ({
  id: toId(row.id),
  orderId: toId(row.order_id),
  amountCents: toNumber(row.amount_cents),
  status: statusFromRow(row.status),
  createdAtMs: toNumber(row.created_at),
  updatedAtMs: toNumber(row.updated_at),
});

export const paymentToRow = (p: Payment): Insertable<PaymentsTable> => ({
  id: p.id,
  order_id: p.orderId,
  amount_cents: p.amountCents,
  status: p.status,
  created_at: p.createdAtMs,
  updated_at: p.updatedAtMs,
});
