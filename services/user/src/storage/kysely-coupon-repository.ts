import type { Kysely } from "kysely";
import { isDuplicateKeyError } from "@bookstore/platform/db";
import type { Coupon } from "../domain/coupon.js";
import type { CouponRepository } from "../domain/coupon-repository.js";
import { orderHasOtherCoupon } from "../domain/errors.js";
import { couponFromRow, couponToRow } from "./coupon-mapping.js";
import type { UserDb } from "./schema.js";

export class KyselyCouponRepository implements CouponRepository {
  constructor(private readonly db: Kysely<UserDb>) {}

  async insert(coupon: Coupon): Promise<void> {
    await this.db.insertInto("coupons").values(couponToRow(coupon)).execute();
  }

  async byId(id: string): Promise<Coupon | undefined> {
    const row = await this.db.selectFrom("coupons").selectAll().where("id", "=", id).executeTakeFirst();
    return row && couponFromRow(row);
  }

  async byOrderId(orderId: string): Promise<Coupon | undefined> {
    const row = await this.db.selectFrom("coupons").selectAll().where("order_id", "=", orderId).executeTakeFirst();
    return row && couponFromRow(row);
  }

  async listByUser(userId: string): Promise<Coupon[]> {
    const rows = await this.db
      .selectFrom("coupons")
      .selectAll()
      .where("user_id", "=", userId)
      .orderBy("id", "desc")
      .execute();
    return rows.map(couponFromRow);
  }

  async freeze(id: string, orderId: string, nowMs: number): Promise<boolean> {
    try {
      const r = await this.db
        .updateTable("coupons")
        .set({ status: "frozen", order_id: orderId, updated_at: nowMs })
        .where("id", "=", id)
        .where("status", "=", "available")
        .executeTakeFirst();
      return r.numUpdatedRows === 1n;
    } catch (e) {
      if (isDuplicateKeyError(e)) throw orderHasOtherCoupon(orderId);
      throw e;
    }
  }

  async release(id: string, nowMs: number): Promise<boolean> {
    const r = await this.db
      .updateTable("coupons")
      // order_id stays as a tombstone of the releasing order (see Coupon.releasedFor); the next freeze overwrites it.
      .set({ status: "available", updated_at: nowMs })
      .where("id", "=", id)
      .where("status", "=", "frozen")
      .executeTakeFirst();
    return r.numUpdatedRows === 1n;
  }

  async markUsed(id: string, nowMs: number): Promise<boolean> {
    const r = await this.db
      .updateTable("coupons")
      .set({ status: "used", updated_at: nowMs })
      .where("id", "=", id)
      .where("status", "=", "frozen")
      .executeTakeFirst();
    return r.numUpdatedRows === 1n;
  }
}
