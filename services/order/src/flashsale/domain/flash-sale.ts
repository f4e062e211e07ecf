import { badSaleField } from "./flash-sale-errors.js";

export const MAX_PRICE_CENTS = 100_000_000;
/** A sale's window may not start further out than this, nor last longer. */
export const MAX_WINDOW_MS = 30 * 24 * 3600 * 1000;

export interface FlashSale {
  readonly id: string;
  readonly bookId: string;
  /** Copied from the catalog when the sale is created, so the order worker needs no remote call. */
  readonly title: string;
  readonly priceCents: number;
  readonly currency: string;
  readonly quantity: number;
  /** Units not yet taken by a purchase; the purchase gate is the authority (a Redis counter in production). */
  readonly remaining: number;
  readonly startsAtMs: number;
  readonly endsAtMs: number;
  readonly createdAtMs: number;
}

export const PURCHASE_STATUSES = ["queued", "succeeded", "failed"] as const;
export type PurchaseStatus = (typeof PURCHASE_STATUSES)[number];
export const isPurchaseStatus = (s: string): s is PurchaseStatus => (PURCHASE_STATUSES as readonly string[]).includes(s);

/** One per (sale, user): the unit it holds, and the order made for it once the worker got to it. */
export interface FlashSalePurchase {
  readonly saleId: string;
  readonly userId: string;
  /** 0 … quantity-1: which of the sale's held catalog units this purchase owns. */
  readonly unit: number;
  readonly status: PurchaseStatus;
  readonly orderId: string | null;
  readonly reason: string | null;
  readonly createdAtMs: number;
}

export type SaleWindow = "upcoming" | "open" | "ended";

/** The window is [startsAt, endsAt): a purchase at exactly endsAt is too late. */
export function saleWindow(sale: Pick<FlashSale, "startsAtMs" | "endsAtMs">, nowMs: number): SaleWindow {
  if (nowMs < sale.startsAtMs) return "upcoming";
  return nowMs < sale.endsAtMs ? "open" : "ended";
}

/**
 * Each sale unit is held in the catalog under its own reservation key: the catalog settles (confirms or releases)
 * a key as a whole, so one key per unit lets every sale order pay for or give back exactly its own unit.
 */
export const unitKey = (saleId: string, unit: number): string => `flashsale:${saleId}:${unit}`;

export interface NewFlashSaleInput {
  bookId: string;
  priceCents: number;
  quantity: number;
  startsAtMs: number;
  endsAtMs: number;
}

/** Checks what an admin asks for; `maxQuantity` bounds how many catalog reservations one sale makes. */
export function validateNewSale(input: NewFlashSaleInput, nowMs: number, maxQuantity: number): NewFlashSaleInput {
  if (!/^[1-9][0-9]{0,18}$/.test(input.bookId)) throw badSaleField("bookId", "must be a book id");
  if (!Number.isSafeInteger(input.priceCents) || input.priceCents < 1 || input.priceCents > MAX_PRICE_CENTS)
    throw badSaleField("priceCents", `must be an integer from 1 to ${MAX_PRICE_CENTS}`);
  if (!Number.isSafeInteger(input.quantity) || input.quantity < 1 || input.quantity > maxQuantity)
    throw badSaleField("quantity", `must be an integer from 1 to ${maxQuantity}`);
  if (!Number.isSafeInteger(input.startsAtMs) || !Number.isSafeInteger(input.endsAtMs) || input.startsAtMs <= 0)
    throw badSaleField("startsAt", "must be a valid time");
  if (input.endsAtMs <= input.startsAtMs) throw badSaleField("endsAt", "must be after startsAt");
  if (input.endsAtMs <= nowMs) throw badSaleField("endsAt", "must be in the future");
  if (input.startsAtMs > nowMs + MAX_WINDOW_MS || input.endsAtMs - input.startsAtMs > MAX_WINDOW_MS)
    throw badSaleField("endsAt", "the sale must start and end within 30 days");
  return input;
}

export function newFlashSale(
  id: string,
  input: NewFlashSaleInput,
  book: { title: string; currency: string },
  nowMs: number,
): FlashSale {
  return {
    id,
    bookId: input.bookId,
    title: book.title,
    priceCents: input.priceCents,
    currency: book.currency,
    quantity: input.quantity,
    remaining: input.quantity,
    startsAtMs: input.startsAtMs,
    endsAtMs: input.endsAtMs,
    createdAtMs: nowMs,
  };
}

/** What the gate answered for one attempt; the use case turns refusals into the API's errors. */
export type GateOutcome =
  | { readonly kind: "accepted"; readonly purchase: FlashSalePurchase }
  | { readonly kind: "sold_out" }
  | { readonly kind: "already_bought" }
  | { readonly kind: "closed" };

export const queuedPurchase = (saleId: string, userId: string, unit: number, nowMs: number): FlashSalePurchase => ({
  saleId, userId, unit, status: "queued", orderId: null, reason: null, createdAtMs: nowMs,
});
