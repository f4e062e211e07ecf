import { paymentSettled } from "./errors.js";

export type PaymentStatus = "pending" | "succeeded" | "failed";

export interface Payment {
  readonly id: string;
  readonly orderId: string;
  readonly amountCents: number;
  readonly status: PaymentStatus;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

export function newPayment(id: string, orderId: string, amountCents: number, nowMs: number): Payment {
  return { id, orderId, amountCents, status: "pending", createdAtMs: nowMs, updatedAtMs: nowMs };
}

/** A payment settles once; the provider's outcome for a settled payment is ignored by the caller. */
export function settle(payment: Payment, outcome: "succeeded" | "failed", nowMs: number): Payment {
  if (payment.status !== "pending") throw paymentSettled(payment.id, payment.status);
  return { ...payment, status: outcome, updatedAtMs: nowMs };
}
