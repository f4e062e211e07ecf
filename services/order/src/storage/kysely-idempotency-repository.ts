import type { Kysely } from "kysely";
import { toId, toNumber } from "@bookstore/platform/db";
import type { IdempotencyRecord, IdempotencyRepository } from "../domain/order-store.js";
import type { OrderDb } from "./schema.js";

export class KyselyIdempotencyRepository implements IdempotencyRepository {
  constructor(private readonly db: Kysely<OrderDb>) {}

  async insert(r: IdempotencyRecord): Promise<void> {
    await this.db
      .insertInto("idempotency_keys")
      .values({ user_id: r.userId, idem_key: r.key, request_hash: r.requestHash, order_id: r.orderId, created_at: r.createdAtMs })
      .execute();
  }

  async find(userId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const row = await this.db
      .selectFrom("idempotency_keys")
      .selectAll()
      .where("user_id", "=", userId)
      .where("idem_key", "=", key)
      .executeTakeFirst();
    if (!row) return undefined;
    return { userId: row.user_id, key: row.idem_key, requestHash: row.request_hash, orderId: toId(row.order_id), createdAtMs: toNumber(row.created_at) };
  }

  async delete(userId: string, key: string): Promise<void> {
    await this.db.deleteFrom("idempotency_keys").where("user_id", "=", userId).where("idem_key", "=", key).execute();
  }
}
