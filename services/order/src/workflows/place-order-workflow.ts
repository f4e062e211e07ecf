import type { Actor } from "../domain/actor.js";
import type { BookCatalog, StockPort } from "../domain/catalog-port.js";
import type { CartRepository } from "../domain/cart.js";
import type { Clock, Ids } from "../domain/clock.js";
import type { CouponPort } from "../domain/coupon-port.js";
import { emptyCart, idempotencyMismatch, orderForbidden, orderNotFound } from "../domain/errors.js";
import type { FailureReporter } from "../domain/failure-reporter.js";
import { cancel, DEFAULT_CURRENCY, newOrder, withDiscount, type Order } from "../domain/order.js";
import { mergeLines, priceLines, type OrderLine } from "../domain/order-lines.js";
import { parseOrderRequest, type ParsedOrderRequest, type PlaceOrderInput } from "../domain/order-request.js";
import type { OrderStore } from "../domain/order-store.js";
import type { PaymentDeadlines } from "../domain/payment-deadlines-port.js";
import { freezeCouponStep, type FreezeCouponInput } from "./freeze-coupon-step.js";
import { reserveStockStep, type ReserveStockInput } from "./reserve-stock-step.js";
import { Saga, type Step } from "./saga.js";

export interface PlaceOrderDeps {
  store: OrderStore;
  carts: CartRepository;
  catalog: BookCatalog;
  stock: StockPort;
  coupons: CouponPort;
  reporter: FailureReporter;
  clock: Clock;
  ids: Ids;
  maxLinesPerOrder: number;
  paymentTimeoutSeconds: number;
  /** Cancels the order when its payment window closes; without it only the safety-net sweeper does. */
  deadlines?: PaymentDeadlines | undefined;
}

/**
 * pending order (+ idempotency row, one transaction) → reserve stock → freeze coupon → discounted order.
 * Any failure after the insert undoes the remote steps and removes the order, so nothing stays reserved and
 * the same key may be retried. (user id, key) is unique: a racing duplicate replays the winner's order.
 */
export class PlaceOrder {
  private readonly reserveStock: Step<ReserveStockInput, void>;
  private readonly freezeCoupon: Step<FreezeCouponInput, { discountCents: number }>;

  constructor(private readonly deps: PlaceOrderDeps) {
    this.reserveStock = reserveStockStep(deps.stock);
    this.freezeCoupon = freezeCouponStep(deps.coupons);
  }

  async execute(actor: Actor, input: PlaceOrderInput): Promise<{ order: Order; replayed: boolean }> {
    if (input.userId !== actor.userId) throw orderForbidden();
    const parsed = parseOrderRequest(input, this.deps.maxLinesPerOrder);
    const replay = await this.replay(input.userId, parsed);
    if (replay) return { order: replay, replayed: true };

    const lines = parsed.request.fromCart ? await this.cartLines(input.userId) : parsed.request.items;
    const books = await this.deps.catalog.booksByIds(lines.map((l) => l.bookId), actor.credentials);
    const ordered = parsed.request.fromCart ? lines.filter((l) => books.has(l.bookId)) : lines;
    if (ordered.length === 0) throw emptyCart();
    const draft = newOrder({
      id: this.deps.ids.next(),
      userId: input.userId,
      items: priceLines(ordered, books),
      currency: DEFAULT_CURRENCY,
      addressId: parsed.request.addressId,
      nowMs: this.deps.clock.now().getTime(),
      paymentTimeoutSeconds: this.deps.paymentTimeoutSeconds,
    });
    let order: Order;
    try {
      order = await this.deps.store.transaction(async (r) => {
        // The id double-check: a colliding Snowflake id is swapped for a fallback before anything uses it.
        const id = await r.ids.claim(draft.id, "order");
        const o = id === draft.id ? draft : { ...draft, id };
        await r.idempotency.insert({
          userId: o.userId, key: parsed.key, requestHash: parsed.hash, orderId: o.id, createdAtMs: o.createdAtMs,
        });
        await r.orders.insert(o);
        return o;
      });
    } catch (e) {
      const raced = this.deps.store.isDuplicateKey(e) ? await this.replay(input.userId, parsed) : undefined;
      if (raced) return { order: raced, replayed: true };
      throw e;
    }
    const placed = await this.holdResources(actor, order, parsed);
    await this.scheduleDeadline(placed);
    if (parsed.request.fromCart) await this.clearOrderedLines(placed);
    return { order: placed, replayed: false };
  }

  private async replay(userId: string, parsed: ParsedOrderRequest): Promise<Order | undefined> {
    const record = await this.deps.store.idempotency.find(userId, parsed.key);
    if (!record) return undefined;
    if (record.requestHash !== parsed.hash) throw idempotencyMismatch(parsed.key);
    const order = await this.deps.store.orders.byId(record.orderId);
    if (!order) throw orderNotFound(record.orderId);
    return order;
  }

  private async cartLines(userId: string): Promise<OrderLine[]> {
    const lines = await this.deps.carts.lines(userId);
    if (lines.length === 0) throw emptyCart();
    return mergeLines(lines, this.deps.maxLinesPerOrder);
  }

  private async holdResources(actor: Actor, order: Order, parsed: ParsedOrderRequest): Promise<Order> {
    const saga = new Saga();
    const on = actor.credentials;
    try {
      await saga.run(this.reserveStock, { orderId: order.id, lines: order.items, on });
      const couponId = parsed.request.couponId;
      if (!couponId) return order;
      const coupon = await saga.run(this.freezeCoupon, {
        couponId, userId: order.userId, orderId: order.id, orderCents: order.totalCents, on,
      });
      const discounted = withDiscount(order, couponId, coupon.discountCents, this.deps.clock.now().getTime());
      if (!(await this.deps.store.orders.update(discounted, "pending_payment"))) throw orderNotFound(order.id);
      return discounted;
    } catch (e) {
      await this.undo(saga, order, parsed);
      throw e;
    }
  }

  /** Compensated: the order never existed. Not compensated: cancelled and left for the sweeper to release. */
  private async undo(saga: Saga, order: Order, parsed: ParsedOrderRequest): Promise<void> {
    try {
      await saga.compensate();
    } catch (e) {
      this.deps.reporter.report("place_order_compensation", e, { orderId: order.id });
      const withCoupon = parsed.request.couponId ? { ...order, couponId: parsed.request.couponId } : order;
      await this.deps.store.orders.update(cancel(withCoupon, this.deps.clock.now().getTime()), "pending_payment");
      return;
    }
    await this.deps.store.transaction(async (r) => {
      await r.orders.delete(order.id);
      await r.idempotency.delete(order.userId, parsed.key);
    });
  }

  /** If scheduling fails the order still stands: the safety-net sweeper cancels it a little later instead. */
  private async scheduleDeadline(order: Order): Promise<void> {
    try {
      await this.deps.deadlines?.schedule(order.id, order.expiresAtMs);
    } catch (e) {
      this.deps.reporter.report("schedule_payment_deadline", e, { orderId: order.id });
    }
  }

  /** The order stands even if the cart cannot be tidied; the leftover lines are harmless. */
  private async clearOrderedLines(order: Order): Promise<void> {
    try {
      await this.deps.carts.remove(order.userId, order.items.map((i) => i.bookId));
    } catch (e) {
      this.deps.reporter.report("clear_cart_after_order", e, { orderId: order.id });
    }
  }
}
