import type { Insertable, Selectable } from "kysely";
import { toBool, toId, toNumber } from "@bookstore/platform/db";
import { isOrderStatus, type Order, type OrderItem, type OrderStatus } from "../domain/order.js";
import type { OrderItemsTable, OrdersTable } from "./schema.js";

function statusFromRow(s: string): OrderStatus {
  if (!isOrderStatus(s)) throw new Error(`unknown order status in the database: ${s}`);
  return s;
}

export function orderFromRows(row: Selectable<OrdersTable>, items: readonly Selectable<OrderItemsTable>[]): Order {
  return {
    id: toId(row.id),
    userId: row.user_id,
    status: statusFromRow(row.status),
    items: [...items].sort((a, b) => toNumber(a.line_no) - toNumber(b.line_no)).map(itemFromRow),
    totalCents: toNumber(row.total_cents),
    discountCents: toNumber(row.discount_cents),
    payableCents: toNumber(row.payable_cents),
    currency: row.currency,
    couponId: row.coupon_id,
    addressId: row.address_id,
    createdAtMs: toNumber(row.created_at),
    updatedAtMs: toNumber(row.updated_at),
    expiresAtMs: toNumber(row.expires_at),
    releasePending: toBool(row.release_pending),
  };
}

const itemFromRow = (row: Selectable<OrderItemsTable>): OrderItem => ({
  bookId: row.book_id,
  title: row.title,
  quantity: toNumber(row.quantity),
  priceCents: toNumber(row.price_cents),
});

export function orderToRow(order: Order): Insertable<OrdersTable> {
  return {
    id: order.id,
    user_id: order.userId,
    status: order.status,
    total_cents: order.totalCents,
    discount_cents: order.discountCents,
    payable_cents: order.payableCents,
    currency: order.currency,
    coupon_id: order.couponId,
    address_id: order.addressId,
    created_at: order.createdAtMs,
    updated_at: order.updatedAtMs,
    expires_at: order.expiresAtMs,
    release_pending: order.releasePending ? 1 : 0,
  };
}

export const itemsToRows = (order: Order): Insertable<OrderItemsTable>[] =>
  order.items.map((item, i) => ({
    order_id: order.id,
    line_no: i,
    book_id: item.bookId,
    title: item.title,
    quantity: item.quantity,
    price_cents: item.priceCents,
  }));
