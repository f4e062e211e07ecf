import type { Kysely } from "kysely";
import { toId, toNumber } from "@bookstore/platform/db";
import { isId } from "../../domain/order-lines.js";
import type { Order } from "../../domain/order.js";
import type { OrderDb } from "../../storage/schema.js";
import { KyselyOrderRepository } from "../../storage/kysely-order-repository.js";
import type { PurchaseRepository } from "../domain/flash-sale-ports.js";
import type { FlashSalePurchase } from "../domain/flash-sale.js";
import { purchaseFromRow } from "./flash-sale-mapping.js";
import { flashSaleDb, type FlashSaleDb } from "./flash-sale-schema.js";

export class KyselyPurchaseRepository implements PurchaseRepository {
  private readonly db: Kysely<FlashSaleDb>;

  constructor(private readonly orderDb: Kysely<OrderDb>) {
    this.db = flashSaleDb(orderDb);
  }

  async find(saleId: string, userId: string): Promise<FlashSalePurchase | undefined> {
    if (!isId(saleId)) return undefined;
    const row = await this.db
      .selectFrom("flash_sale_purchases")
      .selectAll()
      .where("sale_id", "=", saleId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    return row ? purchaseFromRow(row) : undefined;
  }

  async queued(limit: number): Promise<FlashSalePurchase[]> {
    const rows = await this.db
      .selectFrom("flash_sale_purchases")
      .selectAll()
      .where("status", "=", "queued")
      .orderBy("created_at")
      .limit(limit)
      .execute();
    return rows.map(purchaseFromRow);
  }

  async unitsInUse(saleId: string): Promise<Set<number>> {
    const rows = await this.db
      .selectFrom("flash_sale_purchases")
      .select("unit")
      .where("sale_id", "=", saleId)
      .where("status", "!=", "failed")
      .execute();
    return new Set(rows.map((r) => toNumber(r.unit)));
  }

  async lowestUnit(saleId: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom("flash_sale_purchases")
      .select((eb) => eb.fn.min<number | string | bigint | null>("unit").as("lowest"))
      .where("sale_id", "=", saleId)
      .executeTakeFirst();
    return row?.lowest === null || row?.lowest === undefined ? undefined : toNumber(row.lowest);
  }

  async buyers(saleId: string): Promise<string[]> {
    const rows = await this.db.selectFrom("flash_sale_purchases").select("user_id").where("sale_id", "=", saleId).execute();
    return rows.map((r) => r.user_id);
  }

  fulfil(purchase: FlashSalePurchase, order: Order): Promise<boolean> {
    return this.orderDb.transaction().execute(async (trx) => {
      const r = await flashSaleDb(trx)
        .updateTable("flash_sale_purchases")
        .set({ status: "succeeded", order_id: order.id, updated_at: order.createdAtMs })
        .where("sale_id", "=", purchase.saleId)
        .where("user_id", "=", purchase.userId)
        .where("status", "=", "queued")
        .executeTakeFirst();
      if (r.numUpdatedRows === 0n) return false;
      // The order service's own repository writes the order, so the row shape stays in one place.
      await new KyselyOrderRepository(trx).insert(order);
      return true;
    });
  }

  async fail(purchase: FlashSalePurchase, reason: string, nowMs: number): Promise<void> {
    await this.db
      .updateTable("flash_sale_purchases")
      .set({ status: "failed", reason: reason.slice(0, 200), updated_at: nowMs })
      .where("sale_id", "=", purchase.saleId)
      .where("user_id", "=", purchase.userId)
      .where("status", "=", "queued")
      .execute();
  }

  async unitOfOrder(orderId: string): Promise<{ saleId: string; unit: number } | undefined> {
    if (!isId(orderId)) return undefined;
    const row = await this.db
      .selectFrom("flash_sale_purchases")
      .select(["sale_id", "unit"])
      .where("order_id", "=", orderId)
      .executeTakeFirst();
    return row ? { saleId: toId(row.sale_id), unit: toNumber(row.unit) } : undefined;
  }
}
