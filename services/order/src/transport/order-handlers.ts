import type { ConnectRouter } from "@connectrpc/connect";
import { OrderService } from "@bookstore/contracts/order/v1/order";
import type { AddCartItem } from "../domain/add-cart-item.js";
import type { CancelOrder } from "../domain/cancel-order.js";
import type { CompleteOrder } from "../domain/complete-order.js";
import type { GetCart } from "../domain/get-cart.js";
import type { GetCartStats } from "../domain/get-cart-stats.js";
import type { GetSalesStats } from "../domain/get-sales-stats.js";
import type { GetOrder } from "../domain/get-order.js";
import type { HandlePaymentCallback } from "../domain/handle-payment-callback.js";
import type { ListOrders } from "../domain/list-orders.js";
import type { PayOrder } from "../domain/pay-order.js";
import type { RemoveCartItem } from "../domain/remove-cart-item.js";
import type { ShipOrder } from "../domain/ship-order.js";
import type { UpdateCartItem } from "../domain/update-cart-item.js";
import type { PlaceOrder } from "../workflows/place-order-workflow.js";
import { actorFrom, cartToProto, orderToProto } from "./order-codec.js";

export interface OrderUseCases {
  getCart: GetCart;
  addCartItem: AddCartItem;
  updateCartItem: UpdateCartItem;
  removeCartItem: RemoveCartItem;
  placeOrder: PlaceOrder;
  getOrder: GetOrder;
  listOrders: ListOrders;
  cancelOrder: CancelOrder;
  payOrder: PayOrder;
  handlePaymentCallback: HandlePaymentCallback;
  shipOrder: ShipOrder;
  completeOrder: CompleteOrder;
  getCartStats: GetCartStats;
  getSalesStats: GetSalesStats;
}

export function registerOrderHandlers(router: ConnectRouter, uc: OrderUseCases): void {
  router.service(OrderService, {
    async getCart(req, ctx) {
      return { cart: cartToProto(await uc.getCart.execute(actorFrom(ctx), { userId: req.userId })) };
    },
    async addCartItem(req, ctx) {
      const input = { userId: req.userId, bookId: req.bookId, quantity: req.quantity };
      return { cart: cartToProto(await uc.addCartItem.execute(actorFrom(ctx), input)) };
    },
    async updateCartItem(req, ctx) {
      const input = { userId: req.userId, bookId: req.bookId, quantity: req.quantity };
      return { cart: cartToProto(await uc.updateCartItem.execute(actorFrom(ctx), input)) };
    },
    async removeCartItem(req, ctx) {
      return { cart: cartToProto(await uc.removeCartItem.execute(actorFrom(ctx), { userId: req.userId, bookId: req.bookId })) };
    },
    async placeOrder(req, ctx) {
      const { order, replayed } = await uc.placeOrder.execute(actorFrom(ctx), {
        userId: req.userId,
        idempotencyKey: req.idempotencyKey,
        items: req.items.map((l) => ({ bookId: l.bookId, quantity: l.quantity })),
        fromCart: req.fromCart,
        couponId: req.couponId,
        addressId: req.addressId,
      });
      return { order: orderToProto(order), replayed };
    },
    async getOrder(req, ctx) {
      return { order: orderToProto(await uc.getOrder.execute(actorFrom(ctx), { id: req.id })) };
    },
    async listOrders(req, ctx) {
      const input = { userId: req.userId, status: req.status, page: req.page, size: req.size };
      const { orders, total } = await uc.listOrders.execute(actorFrom(ctx), input);
      return { orders: orders.map(orderToProto), total };
    },
    async cancelOrder(req, ctx) {
      return { order: orderToProto(await uc.cancelOrder.execute(actorFrom(ctx), { id: req.id })) };
    },
    async payOrder(req, ctx) {
      const payment = await uc.payOrder.execute(actorFrom(ctx), { id: req.id });
      return { paymentId: payment.id, status: payment.status };
    },
    // Public: the provider is not a signed-in caller; the HMAC signature is its credential.
    async handlePaymentCallback(req) {
      return uc.handlePaymentCallback.execute({ rawBody: req.rawBody, signature: req.signature });
    },
    async shipOrder(req, ctx) {
      return { order: orderToProto(await uc.shipOrder.execute(actorFrom(ctx), { id: req.id })) };
    },
    async completeOrder(req, ctx) {
      return { order: orderToProto(await uc.completeOrder.execute(actorFrom(ctx), { id: req.id })) };
    },
    async getCartStats(req, ctx) {
      const day = await uc.getCartStats.execute(actorFrom(ctx), { date: req.date });
      return { date: day.date, started: day.started, converted: day.converted, abandonmentRate: day.abandonmentRate };
    },
    async getSalesStats(req, ctx) {
      const day = await uc.getSalesStats.execute(actorFrom(ctx), { date: req.date });
      return { date: day.date, ordersPlaced: BigInt(day.ordersPlaced), ordersPaid: BigInt(day.ordersPaid), revenueCents: BigInt(day.revenueCents) };
    },
  });
}
