import type { Insertable, Selectable } from "kysely";
import { toId, toNumber } from "@bookstore/platform/db";
import { isPurchaseStatus, type FlashSale, type FlashSalePurchase, type PurchaseStatus } from "../domain/flash-sale.js";
import type { FlashSalePurchasesTable, FlashSalesTable } from "./flash-sale-schema.js";

export const saleFromRow = (row: Selectable<FlashSalesTable>): FlashSale => ({
  id: toId(row.id),
  bookId: row.book_id,
  title: row.title,
  priceCents: toNumber(row.price_cents),
  currency: row.currency,
  quantity: toNumber(row.quantity),
  remaining: toNumber(row.remaining),
  startsAtMs: toNumber(row.starts_at),
  endsAtMs: toNumber(row.ends_at),
  createdAtMs: toNumber(row.created_at),
});

export const saleToRow = (sale: FlashSale): Insertable<FlashSalesTable> => ({
  id: sale.id,
  book_id: sale.bookId,
  title: sale.title,
  price_cents: sale.priceCents,
  currency: sale.currency,
  quantity: sale.quantity,
  remaining: sale.remaining,
  starts_at: sale.startsAtMs,
  ends_at: sale.endsAtMs,
  created_at: sale.createdAtMs,
  units_released: 0,
});

function statusFromRow(s: string): PurchaseStatus {
  if (!isPurchaseStatus(s)) throw new Error(`unknown flash sale purchase status in the database: ${s}`);
  return s;
}

export const purchaseFromRow = (row: Selectable<FlashSalePurchasesTable>): FlashSalePurchase => ({
  saleId: toId(row.sale_id),
  userId: row.user_id,
  unit: toNumber(row.unit),
  status: statusFromRow(row.status),
  orderId: row.order_id === null ? null : toId(row.order_id),
  reason: row.reason,
  createdAtMs: toNumber(row.created_at),
});

export const purchaseToRow = (p: FlashSalePurchase): Insertable<FlashSalePurchasesTable> => ({
  sale_id: p.saleId,
  user_id: p.userId,
  unit: p.unit,
  status: p.status,
  order_id: p.orderId,
  reason: p.reason,
  created_at: p.createdAtMs,
  updated_at: p.createdAtMs,
});
