import type { Kysely } from "kysely";
import { isId } from "../../domain/order-lines.js";
import type { FlashSaleRepository } from "../domain/flash-sale-ports.js";
import type { FlashSale } from "../domain/flash-sale.js";
import { saleFromRow, saleToRow } from "./flash-sale-mapping.js";
import type { FlashSaleDb } from "./flash-sale-schema.js";

export class KyselyFlashSaleRepository implements FlashSaleRepository {
  constructor(private readonly db: Kysely<FlashSaleDb>) {}

  async insert(sale: FlashSale): Promise<void> {
    await this.db.insertInto("flash_sales").values(saleToRow(sale)).execute();
  }

  async byId(id: string): Promise<FlashSale | undefined> {
    // MySQL would coerce a malformed id to 0 for the BIGINT comparison.
    if (!isId(id)) return undefined;
    const row = await this.db.selectFrom("flash_sales").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? saleFromRow(row) : undefined;
  }

  async list(page: number, size: number): Promise<{ sales: FlashSale[]; total: number }> {
    const counted = await this.db
      .selectFrom("flash_sales")
      .select((eb) => eb.fn.countAll<number | string | bigint>().as("n"))
      .executeTakeFirst();
    const rows = await this.db
      .selectFrom("flash_sales")
      .selectAll()
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(size)
      .offset((page - 1) * size)
      .execute();
    return { sales: rows.map(saleFromRow), total: Number(counted?.n ?? 0) };
  }

  async endedWithUnitsHeld(beforeMs: number, limit: number): Promise<FlashSale[]> {
    const rows = await this.db
      .selectFrom("flash_sales")
      .selectAll()
      .where("units_released", "=", 0)
      .where("ends_at", "<=", beforeMs)
      .orderBy("ends_at")
      .limit(limit)
      .execute();
    return rows.map(saleFromRow);
  }

  async markUnitsReleased(id: string): Promise<void> {
    await this.db.updateTable("flash_sales").set({ units_released: 1 }).where("id", "=", id).execute();
  }
}
