import { badCallback } from "./errors.js";

export interface PaymentEvent {
  readonly eventId: string;
  readonly paymentId: string;
  readonly orderId: string;
  readonly status: "succeeded" | "failed";
  readonly amountCents: number;
}

const KEYS = ["eventId", "paymentId", "orderId", "status", "amountCents"] as const;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isShortString = (v: unknown): v is string => typeof v === "string" && v.length >= 1 && v.length <= 128;

/** The provider's callback body, checked field by field: anything else is a 400, never a half-read event. */
export function parsePaymentEvent(raw: Uint8Array): PaymentEvent {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch {
    throw badCallback("body is not JSON");
  }
  if (!isRecord(body)) throw badCallback("body is not an object");
  const unknown = Object.keys(body).filter((k) => !(KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) throw badCallback("unknown fields", { fields: unknown });
  const { eventId, paymentId, orderId, status, amountCents } = body;
  if (!isShortString(eventId)) throw badCallback("eventId must be a string of 1 to 128 characters");
  if (!isShortString(paymentId)) throw badCallback("paymentId must be a string");
  if (!isShortString(orderId)) throw badCallback("orderId must be a string");
  if (status !== "succeeded" && status !== "failed") throw badCallback("status must be succeeded or failed");
  if (typeof amountCents !== "number" || !Number.isSafeInteger(amountCents) || amountCents < 0)
    throw badCallback("amountCents must be a non-negative integer");
  return { eventId, paymentId, orderId, status, amountCents };
}
