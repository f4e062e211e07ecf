import type { Kysely, Selectable } from "kysely";
import type { Order, OrderStatus } from "../domain/order.js";
import { isId } from "../domain/order-lines.js";
import type { OrderQuery, OrderRepository } from "../domain/order-store.js";
import { itemsToRows, orderFromRows, orderToRow } from "./order-mapping.js";
import type { OrderDb, OrdersTable } from "./schema.js";

export class KyselyOrderRepository implements OrderRepository {
  constructor(private readonly db: Kysely<OrderDb>) {}

  async insert(order: Order): Promise<void> {
    await this.db.insertInto("orders").values(orderToRow(order)).execute();
    await this.db.insertInto("order_items").values(itemsToRows(order)).execute();
  }

  async byId(id: string): Promise<Order | undefined> {
    // A malformed id names no order; MySQL would otherwise coerce 'abc' to 0 for the BIGINT comparison.
    if (!isId(id)) return undefined;
    const row = await this.db.selectFrom("orders").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) return undefined;
    const [order] = await this.withItems([row]);
    return order;
  }

  /** Only the fields that change after placing; items and amounts-at-order-time are immutable. */
  async update(order: Order, expected: OrderStatus): Promise<boolean> {
    const r = await this.db
      .updateTable("orders")
      .set({
        status: order.status,
        discount_cents: order.discountCents,
        payable_cents: order.payableCents,
        coupon_id: order.couponId,
        updated_at: order.updatedAtMs,
        release_pending: order.releasePending ? 1 : 0,
      })
      .where("id", "=", order.id)
      .where("status", "=", expected)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom("order_items").where("order_id", "=", id).execute();
    await this.db.deleteFrom("orders").where("id", "=", id).execute();
  }

  async list(query: OrderQuery): Promise<{ orders: Order[]; total: number }> {
    let base = this.db.selectFrom("orders");
    if (query.userId !== undefined) base = base.where("user_id", "=", query.userId);
    if (query.status !== undefined) base = base.where("status", "=", query.status);
    const counted = await base.select((eb) => eb.fn.countAll<number | string | bigint>().as("n")).executeTakeFirst();
    const rows = await base
      .selectAll()
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(query.size)
      .offset((query.page - 1) * query.size)
      .execute();
    return { orders: await this.withItems(rows), total: Number(counted?.n ?? 0) };
  }

  async countPlacedBetween(startMs: number, endMs: number): Promise<number> {
    const row = await this.db
      .selectFrom("orders")
      .select((eb) => eb.fn.countAll<number | string | bigint>().as("n"))
      .where("created_at", ">=", startMs)
      .where("created_at", "<", endMs)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async paidBetween(startMs: number, endMs: number): Promise<{ count: number; payableCents: number }> {
    // A succeeded payment is never updated again, so its updated_at is when the money arrived. An order is counted
    // once even if a second payment for it succeeded (that one is reported for a refund).
    const row = await this.db
      .selectFrom("orders")
      .select((eb) => [eb.fn.countAll<number | string | bigint>().as("n"), eb.fn.sum<number | string | bigint | null>("payable_cents").as("cents")])
      .where("status", "in", ["paid", "shipped", "completed"])
      .where("id", "in", (eb) =>
        eb.selectFrom("payments").select("order_id").where("status", "=", "succeeded").where("updated_at", ">=", startMs).where("updated_at", "<", endMs),
      )
      .executeTakeFirst();
    return { count: Number(row?.n ?? 0), payableCents: Number(row?.cents ?? 0) };
  }

  async expired(nowMs: number, limit: number): Promise<Order[]> {
    const rows = await this.db
      .selectFrom("orders")
      .selectAll()
      .where("status", "=", "pending_payment")
      .where("expires_at", "<=", nowMs)
      .orderBy("expires_at")
      .limit(limit)
      .execute();
    return this.withItems(rows);
  }

  async releasePending(limit: number): Promise<Order[]> {
    const rows = await this.db.selectFrom("orders").selectAll().where("release_pending", "=", 1).orderBy("id").limit(limit).execute();
    return this.withItems(rows);
  }

  async markReleased(id: string): Promise<void> {
    await this.db.updateTable("orders").set({ release_pending: 0 }).where("id", "=", id).execute();
  }

  /** One query for the items of a whole page of orders. */
  private async withItems(rows: readonly Selectable<OrdersTable>[]): Promise<Order[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => String(r.id));
    const items = await this.db.selectFrom("order_items").selectAll().where("order_id", "in", ids).execute();
    const byOrder = new Map<string, Selectable<OrderDb["order_items"]>[]>();
    for (const item of items) {
      const key = String(item.order_id);
      const list = byOrder.get(key) ?? [];
      list.push(item);
      byOrder.set(key, list);
    }
    return rows.map((row) => orderFromRows(row, byOrder.get(String(row.id)) ?? []));
  }
}
