import type { Actor } from "../domain/actor.js";
import type { BookCatalog, StockPort } from "../domain/catalog-port.js";
import type { CartRepository } from "../domain/cart.js";
import type { CartFunnel } from "../domain/cart-funnel.js";
import { countCartEvent, type CartStatsRepository } from "../domain/cart-stats.js";
import type { Clock, Ids } from "../domain/clock.js";
import type { CouponPort } from "../domain/coupon-port.js";
import { emptyCart, idempotencyMismatch, orderForbidden, orderNotFound, placementInProgress, sagaTakenOver } from "../domain/errors.js";
import type { FailureReporter } from "../domain/failure-reporter.js";
import { DEFAULT_CURRENCY, newOrder, withDiscount, type Order } from "../domain/order.js";
import { mergeLines, priceLines, type OrderLine } from "../domain/order-lines.js";
import { parseOrderRequest, type ParsedOrderRequest, type PlaceOrderInput } from "../domain/order-request.js";
import type { OrderStore } from "../domain/order-store.js";
import type { OrderUpdates } from "../domain/order-updates-port.js";
import type { PaymentDeadlines } from "../domain/payment-deadlines-port.js";
import type { CompensateSaga } from "./compensate-saga.js";
import { freezeCouponStep, type FreezeCouponInput } from "./freeze-coupon-step.js";
import { LoggedSaga } from "./logged-saga.js";
import { reserveStockStep, type ReserveStockInput } from "./reserve-stock-step.js";
import type { SagaStep } from "./saga-step.js";

export interface PlaceOrderDeps {
  store: OrderStore;
  carts: CartRepository;
  /** Told when an order is placed from the cart (a replay is not a second conversion). */
  funnel: CartFunnel;
  /** The daily cart counts (cart-stats.ts): a placed fromCart order converts its cart. */
  cartStats: CartStatsRepository;
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
  /** Undoes a failed placement from its saga log (the same code the recovery pass runs). */
  compensate: CompensateSaga;
  /** Tests only (config saga.testPauseAfterReserveMs): a window between two steps to kill the process in. */
  pauseAfterReserve?: (() => Promise<void>) | undefined;
  /** Told once the order is placed (saga completed), never for a replay or a placement that was undone. */
  updates: OrderUpdates;
}

/**
 * The place-order saga: pending order + idempotency row + saga log (one transaction) → reserve stock → freeze
 * coupon → discounted order + saga completed (one transaction). Each remote step is logged before it runs and is
 * idempotent per order id. Any failure compensates from the log and removes the order, so nothing stays reserved
 * and the same key may be retried; a process that dies mid-way leaves the log to RecoverSagas.
 * (user id, key) is unique: a duplicate replays the winner's order once its saga completed (409 CONFLICT while it
 * still runs, since it may yet be undone).
 */
export class PlaceOrder {
  private readonly reserveStock: SagaStep<ReserveStockInput, void>;
  private readonly freezeCoupon: SagaStep<FreezeCouponInput, { discountCents: number }>;

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
        await r.sagas.begin({ orderId: o.id, userId: o.userId, idemKey: parsed.key, nowMs: o.createdAtMs });
        return o;
      });
    } catch (e) {
      const raced = this.deps.store.isDuplicateKey(e) ? await this.replay(input.userId, parsed) : undefined;
      if (raced) return { order: raced, replayed: true };
      throw e;
    }
    const placed = await this.holdResources(actor, order, parsed);
    this.deps.store.noteWrite(placed.userId);
    this.deps.updates.orderChanged(placed);
    await this.scheduleDeadline(placed);
    if (parsed.request.fromCart) {
      this.deps.funnel.cartConverted(placed.userId);
      await countCartEvent({ stats: this.deps.cartStats, clock: this.deps.clock, reporter: this.deps.reporter }, "converted", placed.userId);
      await this.clearOrderedLines(placed);
    }
    return { order: placed, replayed: false };
  }

  private async replay(userId: string, parsed: ParsedOrderRequest): Promise<Order | undefined> {
    const record = await this.deps.store.idempotency.find(userId, parsed.key);
    if (!record) return undefined;
    if (record.requestHash !== parsed.hash) throw idempotencyMismatch(parsed.key);
    const order = await this.deps.store.orders.byId(record.orderId);
    if (!order) throw orderNotFound(record.orderId);
    // Only a placed order is replayed: one whose saga is still running may yet be compensated and removed.
    const saga = await this.deps.store.sagas.byOrderId(order.id);
    if (saga && saga.state !== "completed") throw placementInProgress(parsed.key);
    return order;
  }

  private async cartLines(userId: string): Promise<OrderLine[]> {
    const lines = await this.deps.carts.lines(userId);
    if (lines.length === 0) throw emptyCart();
    return mergeLines(lines, this.deps.maxLinesPerOrder);
  }

  private async holdResources(actor: Actor, order: Order, parsed: ParsedOrderRequest): Promise<Order> {
    const { store, clock } = this.deps;
    const saga = new LoggedSaga({ log: store.sagas, clock }, { orderId: order.id, on: actor.credentials });
    try {
      await saga.run(this.reserveStock, { lines: order.items });
      await this.deps.pauseAfterReserve?.();
      const couponId = parsed.request.couponId;
      const coupon = couponId
        ? await saga.run(this.freezeCoupon, { couponId, userId: order.userId, orderCents: order.totalCents })
        : undefined;
      const placed = couponId && coupon ? withDiscount(order, couponId, coupon.discountCents, clock.now().getTime()) : order;
      await store.transaction(async (r) => {
        // Completed only if still ours: a recovering process that took the saga over is compensating it.
        if (!(await r.sagas.transition(order.id, ["running"], "completed", clock.now().getTime()))) throw sagaTakenOver(order.id);
        if (placed !== order && !(await r.orders.update(placed, "pending_payment"))) throw orderNotFound(order.id);
      });
      return placed;
    } catch (e) {
      await this.undo(order, e);
      throw e;
    }
  }

  /**
   * Compensated: the order never existed. Not (a peer is down): the order stays cancelled and the saga
   * compensating, and the recovery pass finishes the job after the lease.
   */
  private async undo(order: Order, cause: unknown): Promise<void> {
    const { store, clock } = this.deps;
    if (!(await store.sagas.transition(order.id, ["running"], "compensating", clock.now().getTime()))) return; // taken over
    const saga = await store.sagas.byOrderId(order.id);
    if (!saga) return;
    try {
      await this.deps.compensate.execute(saga);
    } catch (e) {
      this.deps.reporter.report("place_order_compensation", e, { orderId: order.id, cause: String(cause) });
    }
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
