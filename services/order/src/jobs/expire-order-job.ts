import type { JobContext } from "@bookstore/platform/jobs";
import type { ExpireOrder } from "../domain/expire-order.js";
import type { PaymentDeadlines } from "../domain/payment-deadlines-port.js";
import type { Clock } from "../domain/clock.js";
import { EXPIRE_ORDER_JOB } from "./order-job-kinds.js";

interface ExpirePayload {
  orderId: string;
}

const isExpirePayload = (p: unknown): p is ExpirePayload =>
  typeof p === "object" && p !== null && "orderId" in p && typeof p.orderId === "string";

/** The job that ends an order's payment window: one order per job, so one slow order delays no other. */
export const expireOrderJob = {
  name: EXPIRE_ORDER_JOB,
  async handle(payload: unknown, _ctx: JobContext, deps: { expireOrder: ExpireOrder }): Promise<void> {
    if (!isExpirePayload(payload)) throw new Error(`bad ${EXPIRE_ORDER_JOB} payload`);
    await deps.expireOrder.execute({ orderId: payload.orderId });
  },
};

/** Enqueues the deadline job at order creation; the key makes a repeated schedule of one order a no-op. */
export class JobPaymentDeadlines implements PaymentDeadlines {
  constructor(
    private readonly jobs: { enqueue(kind: string, payload: unknown, opts: { delayMs: number; key: string }): Promise<string> },
    private readonly clock: Clock,
  ) {}

  async schedule(orderId: string, dueAtMs: number): Promise<void> {
    const payload: ExpirePayload = { orderId };
    const delayMs = Math.max(0, dueAtMs - this.clock.now().getTime());
    await this.jobs.enqueue(EXPIRE_ORDER_JOB, payload, { delayMs, key: `expire-${orderId}` });
  }
}
