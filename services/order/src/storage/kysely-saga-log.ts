import type { Kysely } from "kysely";
import { isDuplicateKeyError } from "@bookstore/platform/db";
import { CREATE_ORDER_STEP, type SagaLog, type SagaRecord, type SagaState, type SagaStepRecord, type SagaStepStatus } from "../domain/saga-log.js";
import { sagaFromRow, sagaStepFromRow } from "./saga-mapping.js";
import type { OrderDb } from "./schema.js";

const NON_FINAL: readonly SagaState[] = ["running", "compensating"];

export class KyselySagaLog implements SagaLog {
  constructor(private readonly db: Kysely<OrderDb>) {}

  async begin(saga: { orderId: string; userId: string; idemKey: string; nowMs: number }): Promise<void> {
    await this.db
      .insertInto("sagas")
      .values({
        order_id: saga.orderId, user_id: saga.userId, idem_key: saga.idemKey, state: "running", current_step: CREATE_ORDER_STEP,
        attempts: 0, created_at: saga.nowMs, updated_at: saga.nowMs,
      })
      .execute();
    await this.db
      .insertInto("saga_steps")
      .values({ order_id: saga.orderId, seq: 0, step: CREATE_ORDER_STEP, status: "done", input: "{}", updated_at: saga.nowMs })
      .execute();
  }

  async byOrderId(orderId: string): Promise<SagaRecord | undefined> {
    if (!/^\d{1,20}$/.test(orderId)) return undefined;
    const row = await this.db.selectFrom("sagas").selectAll().where("order_id", "=", orderId).executeTakeFirst();
    return row && sagaFromRow(row);
  }

  async steps(orderId: string): Promise<SagaStepRecord[]> {
    const rows = await this.db.selectFrom("saga_steps").selectAll().where("order_id", "=", orderId).orderBy("seq").execute();
    return rows.map(sagaStepFromRow);
  }

  async stepStarted(orderId: string, seq: number, step: string, input: string, nowMs: number, expected: SagaState = "running"): Promise<boolean> {
    // The saga row first, conditionally: a process whose saga was taken over writes nothing and stops.
    const r = await this.db
      .updateTable("sagas")
      .set({ current_step: step, updated_at: nowMs })
      .where("order_id", "=", orderId)
      .where("state", "=", expected)
      .executeTakeFirst();
    if (r.numUpdatedRows !== 1n) return false;
    try {
      await this.db.insertInto("saga_steps").values({ order_id: orderId, seq, step, status: "running", input, updated_at: nowMs }).execute();
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e;
      // A re-run of a logged step: it runs again (the remote call is idempotent), the log says so.
      await this.db.updateTable("saga_steps").set({ status: "running", updated_at: nowMs }).where("order_id", "=", orderId).where("seq", "=", seq).execute();
    }
    return true;
  }

  async stepFinished(orderId: string, seq: number, status: Exclude<SagaStepStatus, "running">, nowMs: number): Promise<void> {
    await this.db.updateTable("saga_steps").set({ status, updated_at: nowMs }).where("order_id", "=", orderId).where("seq", "=", seq).execute();
    await this.db.updateTable("sagas").set({ updated_at: nowMs }).where("order_id", "=", orderId).execute();
  }

  async transition(orderId: string, from: readonly SagaState[], to: SagaState, nowMs: number): Promise<boolean> {
    const r = await this.db
      .updateTable("sagas")
      .set({ state: to, updated_at: nowMs })
      .where("order_id", "=", orderId)
      .where("state", "in", [...from])
      .executeTakeFirst();
    return r.numUpdatedRows === 1n;
  }

  async stale(touchedBeforeMs: number, limit: number): Promise<SagaRecord[]> {
    const rows = await this.db
      .selectFrom("sagas")
      .selectAll()
      .where("state", "in", [...NON_FINAL])
      .where("updated_at", "<=", touchedBeforeMs)
      .orderBy("updated_at")
      .limit(limit)
      .execute();
    return rows.map(sagaFromRow);
  }

  async claim(saga: SagaRecord, nowMs: number): Promise<boolean> {
    const r = await this.db
      .updateTable("sagas")
      .set({ state: "compensating", attempts: saga.attempts + 1, updated_at: nowMs })
      .where("order_id", "=", saga.orderId)
      .where("state", "=", saga.state)
      .where("updated_at", "=", saga.updatedAtMs)
      .executeTakeFirst();
    return r.numUpdatedRows === 1n;
  }
}
