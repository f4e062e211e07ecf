import { systemActor } from "../domain/actor.js";
import type { Clock } from "../domain/clock.js";
import { unknownSagaStep } from "../domain/errors.js";
import { cancel, type Order } from "../domain/order.js";
import type { OrderStore } from "../domain/order-store.js";
import { CREATE_ORDER_STEP, type SagaRecord } from "../domain/saga-log.js";
import type { Compensations } from "./saga-step.js";

export type CompensationOutcome = "compensated" | "completed";

const SETTLED: readonly Order["status"][] = ["paid", "shipped", "completed"];

/**
 * Undoes a placement from its log, for a saga in state "compensating" held by the caller: (1) fence the order
 * (pending_payment → cancelled, so no payment can start while stock and coupon go back), (2) compensate the
 * remote steps in reverse, each marked in the log once done, (3) remove the order and give its Idempotency-Key
 * back, and mark the saga compensated, in one transaction. A failure leaves the saga compensating: the recovery
 * pass runs this again, skipping steps already compensated (and the rest are idempotent anyway).
 * An order that was paid meanwhile is not undone: its saga is completed instead.
 */
export class CompensateSaga {
  constructor(private readonly deps: { store: OrderStore; compensations: Compensations; clock: Clock }) {}

  async execute(saga: SagaRecord): Promise<CompensationOutcome> {
    const { store, clock } = this.deps;
    const nowMs = () => clock.now().getTime();
    const order = await store.orders.byId(saga.orderId);
    if (order && SETTLED.includes(order.status)) {
      await store.sagas.transition(saga.orderId, ["compensating"], "completed", nowMs());
      return "completed";
    }
    if (order?.status === "pending_payment" && !(await store.orders.update(cancel(order, nowMs()), "pending_payment")))
      return this.execute(saga); // moved meanwhile (paid or cancelled): decide again on what it is now

    const ctx = { orderId: saga.orderId, on: systemActor(saga.userId).credentials };
    const steps = await store.sagas.steps(saga.orderId);
    for (const step of [...steps].reverse()) {
      if (step.status === "compensated" || step.step === CREATE_ORDER_STEP) continue;
      const compensate = this.deps.compensations.get(step.step);
      if (!compensate) throw unknownSagaStep(saga.orderId, step.step);
      await compensate(ctx);
      await store.sagas.stepFinished(saga.orderId, step.seq, "compensated", nowMs());
    }
    const created = steps.find((s) => s.step === CREATE_ORDER_STEP);
    await store.transaction(async (r) => {
      // The placement never answered 201 (or answered an error): the order never existed and the key may be reused.
      await r.orders.delete(saga.orderId);
      await r.idempotency.delete(saga.userId, saga.idemKey);
      if (created) await r.sagas.stepFinished(saga.orderId, created.seq, "compensated", nowMs());
      await r.sagas.transition(saga.orderId, ["compensating"], "compensated", nowMs());
    });
    return "compensated";
  }
}
