import { sql, type Kysely } from "kysely";
import { isDuplicateKeyError, toNumber } from "@bookstore/platform/db";
import type { PurchaseGate } from "../domain/flash-sale-ports.js";
import { queuedPurchase, saleWindow, type FlashSale, type GateOutcome } from "../domain/flash-sale.js";
import { purchaseToRow } from "./flash-sale-mapping.js";
import type { FlashSaleDb } from "./flash-sale-schema.js";

async function bought(db: Kysely<FlashSaleDb>, saleId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom("flash_sale_purchases")
    .select("unit")
    .where("sale_id", "=", saleId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The embedded gate: one transaction takes a unit with a conditional UPDATE (remaining > 0 inside the window,
 * so the counter never goes below zero) and records the purchase under the unique (sale, user) key. A second
 * purchase by the same user hits that key and the whole transaction, unit included, rolls back.
 */
export class SqlPurchaseGate implements PurchaseGate {
  /**
   * Sales seen sold out. `remaining` never goes up again (a cancelled sale order gives its unit to the catalog,
   * not back to the sale), so after that only "did this user buy?" is left to answer: one read, no transaction.
   */
  private readonly soldOut = new Set<string>();

  constructor(private readonly db: Kysely<FlashSaleDb>) {}

  async open(): Promise<void> {
    // The counter is the sale row's `remaining`, written with the sale.
  }

  async acquire(sale: FlashSale, userId: string, nowMs: number): Promise<GateOutcome> {
    if (this.soldOut.has(sale.id)) return (await bought(this.db, sale.id, userId)) ? { kind: "already_bought" } : { kind: "sold_out" };
    try {
      return await this.db.transaction().execute(async (trx) => {
        if (await bought(trx, sale.id, userId)) return { kind: "already_bought" } as const;
        const taken = await trx
          .updateTable("flash_sales")
          .set({ remaining: sql<number>`remaining - 1` })
          .where("id", "=", sale.id)
          .where("remaining", ">", 0)
          .where("starts_at", "<=", nowMs)
          .where("ends_at", ">", nowMs)
          .executeTakeFirst();
        if (taken.numUpdatedRows === 0n) {
          if (saleWindow(sale, nowMs) !== "open") return { kind: "closed" } as const;
          this.soldOut.add(sale.id);
          return { kind: "sold_out" } as const;
        }
        // This transaction holds the row: the count it reads back is the one it left, i.e. its unit.
        const row = await trx.selectFrom("flash_sales").select("remaining").where("id", "=", sale.id).executeTakeFirstOrThrow();
        const purchase = queuedPurchase(sale.id, userId, toNumber(row.remaining), nowMs);
        await trx.insertInto("flash_sale_purchases").values(purchaseToRow(purchase)).execute();
        return { kind: "accepted", purchase } as const;
      });
    } catch (e) {
      // A concurrent purchase by the same user committed first.
      if (isDuplicateKeyError(e)) return { kind: "already_bought" };
      throw e;
    }
  }

  async remaining(): Promise<Map<string, number>> {
    // The stored rows are already live here.
    return new Map();
  }
}
