import type { BookCatalog, StockPort } from "./domain/catalog-port.js";
import type { CartRepository } from "./domain/cart.js";
import { UNCOUNTED_CART_FUNNEL, type CartFunnel } from "./domain/cart-funnel.js";
import type { CartStatsRepository } from "./domain/cart-stats.js";
import type { Clock, Ids } from "./domain/clock.js";
import type { CouponPort } from "./domain/coupon-port.js";
import type { FailureReporter } from "./domain/failure-reporter.js";
import type { OrderStore } from "./domain/order-store.js";
import type { PaymentDeadlines } from "./domain/payment-deadlines-port.js";
import type { PaymentProvider } from "./domain/payment-provider-port.js";
import type { PurchaseEvents } from "./domain/purchase-events-port.js";
import { NO_ORDER_UPDATES, type OrderUpdates } from "./domain/order-updates-port.js";
import { AddCartItem } from "./domain/add-cart-item.js";
import { CancelOrder } from "./domain/cancel-order.js";
import { CompleteOrder } from "./domain/complete-order.js";
import { ExpireOrder } from "./domain/expire-order.js";
import { ExpireOrders } from "./domain/expire-orders.js";
import { GetCart } from "./domain/get-cart.js";
import { GetCartStats } from "./domain/get-cart-stats.js";
import { GetSalesStats } from "./domain/get-sales-stats.js";
import { GetOrder } from "./domain/get-order.js";
import { HandlePaymentCallback } from "./domain/handle-payment-callback.js";
import { ListOrders } from "./domain/list-orders.js";
import { PayOrder } from "./domain/pay-order.js";
import { ReleaseOrderHolds } from "./domain/release-order-holds.js";
import { RemoveCartItem } from "./domain/remove-cart-item.js";
import { ShipOrder } from "./domain/ship-order.js";
import { UpdateCartItem } from "./domain/update-cart-item.js";
import type { OrderUseCases } from "./transport/order-handlers.js";
import { CompensateSaga } from "./workflows/compensate-saga.js";
import { freezeCouponStep } from "./workflows/freeze-coupon-step.js";
import { PlaceOrder } from "./workflows/place-order-workflow.js";
import { RecoverSagas } from "./workflows/recover-sagas.js";
import { reserveStockStep } from "./workflows/reserve-stock-step.js";

/** The adapters the use cases run on; main.ts passes the real ones, tests pass fakes at the peer ports. */
export interface OrderAdapters {
  store: OrderStore;
  carts: CartRepository;
  /** Cart created/converted counts (metrics); tests that do not look at them leave it out. */
  cartFunnel?: CartFunnel | undefined;
  /** Daily cart started/converted counts for the admin dashboard (the order service's SQL database). */
  cartStats: CartStatsRepository;
  catalog: BookCatalog;
  stock: StockPort;
  coupons: CouponPort;
  purchases: PurchaseEvents;
  provider: PaymentProvider;
  reporter: FailureReporter;
  clock: Clock;
  ids: Ids;
  settings: { maxLinesPerOrder: number; paymentTimeoutSeconds: number; hmacSecret: string };
  /** The payment-deadline job; tests without a job system leave it out and sweep instead. */
  deadlines?: PaymentDeadlines | undefined;
  /** Saga recovery (config saga.*); defaults suit tests that call RecoverSagas directly. */
  saga?: { leaseMs: number; maxAttempts: number; pauseAfterReserve?: (() => Promise<void>) | undefined } | undefined;
  /** Live notifications to the order's owner (main.ts: the event bus); none when left out. */
  updates?: OrderUpdates | undefined;
}

export interface BackgroundUseCases {
  expireOrders: ExpireOrders;
  expireOrder: ExpireOrder;
  recoverSagas: RecoverSagas;
}

export function createOrderUseCases(a: OrderAdapters): OrderUseCases & BackgroundUseCases {
  const { store, clock, ids, reporter } = a;
  const orders = store.orders;
  const cartDeps = { carts: a.carts, catalog: a.catalog };
  const funnel = a.cartFunnel ?? UNCOUNTED_CART_FUNNEL;
  const release = new ReleaseOrderHolds({ orders, stock: a.stock, coupons: a.coupons });
  // Every step that may appear in a saga log, by name: what a recovering process compensates with.
  const steps = [reserveStockStep(a.stock), freezeCouponStep(a.coupons)];
  const compensate = new CompensateSaga({ store, clock, compensations: new Map(steps.map((s) => [s.name, (ctx) => s.compensate(ctx)])) });
  const saga = a.saga ?? { leaseMs: 30_000, maxAttempts: 20 };
  const updates = a.updates ?? NO_ORDER_UPDATES;
  return {
    getCart: new GetCart(cartDeps),
    addCartItem: new AddCartItem({ ...cartDeps, funnel, counting: { stats: a.cartStats, clock, reporter } }),
    updateCartItem: new UpdateCartItem(cartDeps),
    removeCartItem: new RemoveCartItem(cartDeps),
    placeOrder: new PlaceOrder({
      store, carts: a.carts, funnel, cartStats: a.cartStats, catalog: a.catalog, stock: a.stock, coupons: a.coupons, reporter, clock, ids,
      maxLinesPerOrder: a.settings.maxLinesPerOrder, paymentTimeoutSeconds: a.settings.paymentTimeoutSeconds,
      deadlines: a.deadlines, compensate, pauseAfterReserve: saga.pauseAfterReserve, updates,
    }),
    getCartStats: new GetCartStats({ stats: a.cartStats, clock }),
    getSalesStats: new GetSalesStats({ orders, clock }),
    getOrder: new GetOrder({ store }),
    listOrders: new ListOrders({ store }),
    cancelOrder: new CancelOrder({ store, release, clock, updates }),
    payOrder: new PayOrder({ store, provider: a.provider, clock, ids }),
    handlePaymentCallback: new HandlePaymentCallback({
      store, stock: a.stock, coupons: a.coupons, purchases: a.purchases, reporter, clock, hmacSecret: a.settings.hmacSecret, updates,
    }),
    shipOrder: new ShipOrder({ orders, clock, updates }),
    completeOrder: new CompleteOrder({ orders, clock, updates }),
    expireOrders: new ExpireOrders({ store, release, reporter, clock, updates }),
    expireOrder: new ExpireOrder({ store, release, clock, updates }),
    recoverSagas: new RecoverSagas({ store, compensate, reporter, clock, leaseMs: saga.leaseMs, maxAttempts: saga.maxAttempts }),
  };
}
