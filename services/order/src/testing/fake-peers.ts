import { AppError, Reason } from "@bookstore/platform/errors";
import type { Credentials } from "../domain/actor.js";
import type { BookCatalog, PricedBook, StockPort } from "../domain/catalog-port.js";
import type { CouponPort, FreezeCouponInput } from "../domain/coupon-port.js";
import type { FailureReporter } from "../domain/failure-reporter.js";
import type { OrderItem } from "../domain/order.js";
import type { OrderLine } from "../domain/order-lines.js";
import type { PaymentProvider, PaymentRequest } from "../domain/payment-provider-port.js";
import type { PurchaseEvents } from "../domain/purchase-events-port.js";

/**
 * In-memory stand-ins for catalog, user and recommendation *at the port*, for use-case tests that need to
 * make a peer fail on purpose (a compensation path). Storage stays real; e2e tests use the real services.
 */
export class FakeCatalog implements BookCatalog, StockPort {
  readonly books = new Map<string, PricedBook & { stock: number }>();
  readonly reservations = new Map<string, OrderLine[]>();
  readonly confirmed = new Set<string>();
  readonly calls: string[] = [];
  failNext: { op: "reserve" | "release" | "confirm"; error: AppError } | undefined;

  addBook(id: string, priceCents: number, stock: number, title = `Book ${id}`): void {
    this.books.set(id, { id, title, priceCents, currency: "CNY", stock });
  }

  async booksByIds(ids: readonly string[], _on: Credentials): Promise<ReadonlyMap<string, PricedBook>> {
    return new Map(ids.flatMap((id) => (this.books.has(id) ? [[id, this.books.get(id) as PricedBook] as const] : [])));
  }

  private maybeFail(op: "reserve" | "release" | "confirm"): void {
    this.calls.push(op);
    if (this.failNext?.op !== op) return;
    const { error } = this.failNext;
    this.failNext = undefined;
    throw error;
  }

  async reserve(key: string, lines: readonly OrderLine[], _on: Credentials): Promise<void> {
    this.maybeFail("reserve");
    if (this.reservations.has(key)) return;
    for (const l of lines)
      if ((this.books.get(l.bookId)?.stock ?? 0) < l.quantity)
        throw new AppError(Reason.OUT_OF_STOCK, "not enough stock", { bookId: l.bookId });
    for (const l of lines) {
      const book = this.books.get(l.bookId);
      if (book) book.stock -= l.quantity;
    }
    this.reservations.set(key, [...lines]);
  }

  async release(key: string, _on: Credentials): Promise<void> {
    this.maybeFail("release");
    const lines = this.reservations.get(key);
    if (!lines || this.confirmed.has(key)) return;
    for (const l of lines) {
      const book = this.books.get(l.bookId);
      if (book) book.stock += l.quantity;
    }
    this.reservations.delete(key);
  }

  async confirm(key: string, _on: Credentials): Promise<void> {
    this.maybeFail("confirm");
    if (this.reservations.has(key)) this.confirmed.add(key);
  }

  stockOf(id: string): number {
    return this.books.get(id)?.stock ?? 0;
  }
}

export class FakeCoupons implements CouponPort {
  readonly coupons = new Map<string, { userId: string; discountCents: number; status: string; orderId?: string }>();
  failFreeze: AppError | undefined;

  async freeze(input: FreezeCouponInput, _on: Credentials): Promise<{ discountCents: number }> {
    if (this.failFreeze) throw this.failFreeze;
    const c = this.coupons.get(input.couponId);
    if (!c || c.userId !== input.userId) throw new AppError(Reason.NOT_FOUND, "coupon not found");
    if (c.status === "frozen" && c.orderId === input.orderId) return { discountCents: c.discountCents };
    if (c.status !== "available") throw new AppError(Reason.INVALID_STATE, `coupon is ${c.status}`);
    c.status = "frozen";
    c.orderId = input.orderId;
    return { discountCents: c.discountCents };
  }

  async release(orderId: string, _on: Credentials): Promise<void> {
    for (const c of this.coupons.values()) if (c.orderId === orderId && c.status === "frozen") c.status = "available";
  }

  async use(orderId: string, _on: Credentials): Promise<void> {
    for (const c of this.coupons.values()) if (c.orderId === orderId && c.status === "frozen") c.status = "used";
  }
}

export class FakePurchases implements PurchaseEvents {
  readonly events: { userId: string; bookId: string }[] = [];
  fail = false;

  async recordPurchase(userId: string, items: readonly OrderItem[], _on: Credentials): Promise<void> {
    if (this.fail) throw new Error("recommendation down");
    for (const i of items) this.events.push({ userId, bookId: i.bookId });
  }
}

export class RecordingProvider implements PaymentProvider {
  readonly requests: PaymentRequest[] = [];
  requestPayment(request: PaymentRequest): void {
    this.requests.push(request);
  }
}

export class RecordingReporter implements FailureReporter {
  readonly reports: { effect: string; context: Record<string, unknown> }[] = [];
  report(effect: string, _error: unknown, context: Record<string, unknown>): void {
    this.reports.push({ effect, context });
  }
}
