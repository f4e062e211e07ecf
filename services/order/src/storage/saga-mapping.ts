import type { Selectable } from "kysely";
import { toId, toNumber } from "@bookstore/platform/db";
import { isSagaState, isSagaStepStatus, type SagaRecord, type SagaStepRecord } from "../domain/saga-log.js";
import type { SagaStepsTable, SagasTable } from "./schema.js";

export function sagaFromRow(row: Selectable<SagasTable>): SagaRecord {
  if (!isSagaState(row.state)) throw new Error(`unknown saga state in the database: ${row.state}`);
  return {
    orderId: toId(row.order_id),
    userId: row.user_id,
    idemKey: row.idem_key,
    state: row.state,
    currentStep: row.current_step,
    attempts: toNumber(row.attempts),
    createdAtMs: toNumber(row.created_at),
    updatedAtMs: toNumber(row.updated_at),
  };
}

export function sagaStepFromRow(row: Selectable<SagaStepsTable>): SagaStepRecord {
  if (!isSagaStepStatus(row.status)) throw new Error(`unknown saga step status in the database: ${row.status}`);
  return { seq: toNumber(row.seq), step: row.step, status: row.status, input: row.input, updatedAtMs: toNumber(row.updated_at) };
}
