import type { SaleLine } from "./sales-tally.js";

/** What search reads of the order service's order.paid event: which books sold, how many, when. */
export interface PaidOrder {
  readonly orderId: string;
  readonly lines: readonly SaleLine[];
  readonly paidAtMs: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads an order.paid payload ({orderId, items:[{bookId, quantity}], paidAtMs}); undefined when it is not one. */
export function parsePaidOrder(payload: string): PaidOrder | undefined {
  let o: unknown;
  try {
    o = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (!isRecord(o) || typeof o["orderId"] !== "string" || !Array.isArray(o["items"])) return undefined;
  const lines = o["items"].flatMap((item: unknown): SaleLine[] => {
    if (!isRecord(item)) return [];
    const { bookId, quantity } = item;
    return typeof bookId === "string" && bookId !== "" && Number.isInteger(quantity) && typeof quantity === "number" && quantity > 0
      ? [{ bookId, quantity }]
      : [];
  });
  const paidAtMs = typeof o["paidAtMs"] === "number" && Number.isFinite(o["paidAtMs"]) ? o["paidAtMs"] : 0;
  return { orderId: o["orderId"], lines, paidAtMs };
}
