import type { Kysely } from "kysely";
import type { PaymentRepository } from "../domain/order-store.js";
import type { Payment, PaymentStatus } from "../domain/payment.js";
import { isId } from "../domain/order-lines.js";
import { paymentFromRow, paymentToRow } from "./payment-mapping.js";
import type { OrderDb } from "./schema.js";

export class KyselyPaymentRepository implements PaymentRepository {
  constructor(private readonly db: Kysely<OrderDb>) {}

  async insert(payment: Payment): Promise<void> {
    await this.db.insertInto("payments").values(paymentToRow(payment)).execute();
  }

  async byId(id: string): Promise<Payment | undefined> {
    if (!isId(id)) return undefined;
    const row = await this.db.selectFrom("payments").selectAll().where("id", "=", id).executeTakeFirst();
    return row && paymentFromRow(row);
  }

  async pendingFor(orderId: string): Promise<Payment | undefined> {
    const row = await this.db
      .selectFrom("payments")
      .selectAll()
      .where("order_id", "=", orderId)
      .where("status", "=", "pending")
      .orderBy("id", "desc")
      .executeTakeFirst();
    return row && paymentFromRow(row);
  }

  async update(payment: Payment, expected: PaymentStatus): Promise<boolean> {
    const r = await this.db
      .updateTable("payments")
      .set({ status: payment.status, updated_at: payment.updatedAtMs })
      .where("id", "=", payment.id)
      .where("status", "=", expected)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }
}
