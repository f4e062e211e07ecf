import { describe, expect, it } from "vitest";
import { Reason } from "@bookstore/platform/errors";
import { useTestDatabase } from "@bookstore/platform/testing";
import { signPayload } from "../domain/payment-signature.js";
import { migrationsFor } from "../storage/migrations.js";
import type { OrderDb } from "../storage/schema.js";
import { admin, as, bookId, customer, orderTestService, reasonOf, TEST_HMAC_SECRET, viewer } from "../testing/order-test-service.js";

const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

describe("order lifecycle through the order handlers", () => {
  const t = useTestDatabase<OrderDb>("sqlite", "order", migrationsFor);

  /** A placed order (2 × 1000 with a 300 coupon) and a way to post the provider's signed callback. */
  async function placed() {
    const svc = orderTestService(t.db);
    const book = bookId();
    svc.catalog.addBook(book, 1_000, 5);
    const buyer = customer();
    const couponId = String(600 + Math.floor(Math.random() * 1_000_000));
    svc.coupons.coupons.set(couponId, { userId: buyer.userId, discountCents: 300, status: "available" });
    const { order } = await svc.client.placeOrder(
      { userId: buyer.userId, idempotencyKey: "k", items: [{ bookId: book, quantity: 2 }], couponId },
      as(buyer),
    );
    if (!order) throw new Error("no order");
    const callback = (body: Record<string, unknown>, secret = TEST_HMAC_SECRET) => {
      const raw = encode(body);
      return svc.client.handlePaymentCallback({ rawBody: raw, signature: signPayload(secret, raw) });
    };
    return { ...svc, book, buyer, order, couponId, callback };
  }

  it("pays: one pending payment per order, then the signed callback marks it paid exactly once", async () => {
    const { client, buyer, order, provider, callback, catalog, coupons, couponId, purchases, book } = await placed();
    const pay = await client.payOrder({ id: order.id }, as(buyer));
    expect(pay.status).toBe("pending");
    expect((await client.payOrder({ id: order.id }, as(buyer))).paymentId).toBe(pay.paymentId);
    expect(provider.requests[0]).toEqual({ paymentId: pay.paymentId, orderId: order.id, amountCents: 1_700 });

    const event = { eventId: "evt-1", paymentId: pay.paymentId, orderId: order.id, status: "succeeded", amountCents: 1_700 };
    expect(await callback(event)).toMatchObject({ applied: true });
    expect((await client.getOrder({ id: order.id }, as(buyer))).order?.status).toBe("paid");
    expect(catalog.confirmed.has(order.id)).toBe(true);
    expect(coupons.coupons.get(couponId)?.status).toBe("used");
    expect(purchases.events).toEqual([{ userId: buyer.userId, bookId: book }]);

    expect(await callback(event)).toMatchObject({ applied: false });
    expect(await callback({ ...event, eventId: "evt-2", status: "failed" })).toMatchObject({ applied: false });
    expect((await client.getOrder({ id: order.id }, as(buyer))).order?.status).toBe("paid");
    expect(purchases.events).toHaveLength(1);
    expect(await reasonOf(client.payOrder({ id: order.id }, as(buyer)))).toBe(Reason.INVALID_STATE);
  });

  it("refuses a callback with a bad signature, a bad body or a wrong amount", async () => {
    const { client, buyer, order, callback } = await placed();
    const pay = await client.payOrder({ id: order.id }, as(buyer));
    const event = { eventId: "e", paymentId: pay.paymentId, orderId: order.id, status: "succeeded", amountCents: 1_700 };
    expect(await reasonOf(callback(event, "wrong-secret"))).toBe(Reason.UNAUTHENTICATED);
    expect(await reasonOf(client.handlePaymentCallback({ rawBody: encode(event), signature: "" }))).toBe(Reason.UNAUTHENTICATED);
    expect(await reasonOf(callback({ ...event, amountCents: 1 }))).toBe(Reason.VALIDATION_FAILED);
    expect(await reasonOf(callback({ ...event, status: "maybe" }))).toBe(Reason.VALIDATION_FAILED);
    expect(await reasonOf(callback({ ...event, paymentId: "123" }))).toBe(Reason.VALIDATION_FAILED);
    expect((await client.getOrder({ id: order.id }, as(buyer))).order?.status).toBe("pending_payment");
    // None of those was recorded: the genuine event still applies.
    expect(await callback(event)).toMatchObject({ applied: true });
  });

  it("keeps the order payable after a failed payment and starts a new payment next time", async () => {
    const { client, buyer, order, callback } = await placed();
    const first = await client.payOrder({ id: order.id }, as(buyer));
    await callback({ eventId: "f1", paymentId: first.paymentId, orderId: order.id, status: "failed", amountCents: 1_700 });
    expect((await client.getOrder({ id: order.id }, as(buyer))).order?.status).toBe("pending_payment");
    expect((await client.payOrder({ id: order.id }, as(buyer))).paymentId).not.toBe(first.paymentId);
  });

  it("counts a failed recommendation event but still pays the order", async () => {
    const { client, buyer, order, callback, purchases, reporter } = await placed();
    purchases.fail = true;
    const pay = await client.payOrder({ id: order.id }, as(buyer));
    await callback({ eventId: "r1", paymentId: pay.paymentId, orderId: order.id, status: "succeeded", amountCents: 1_700 });
    expect((await client.getOrder({ id: order.id }, as(buyer))).order?.status).toBe("paid");
    expect(reporter.reports.map((r) => r.effect)).toEqual(["recommendation_purchase_event"]);
  });

  it("cancels an unpaid order, releasing stock and coupon; a cancelled or paid order cannot be cancelled", async () => {
    const { client, buyer, order, catalog, coupons, couponId, book } = await placed();
    expect(catalog.stockOf(book)).toBe(3);
    expect((await client.cancelOrder({ id: order.id }, as(buyer))).order?.status).toBe("cancelled");
    expect(catalog.stockOf(book)).toBe(5);
    expect(coupons.coupons.get(couponId)?.status).toBe("available");
    expect(await reasonOf(client.cancelOrder({ id: order.id }, as(buyer)))).toBe(Reason.INVALID_STATE);
    expect(await reasonOf(client.payOrder({ id: order.id }, as(buyer)))).toBe(Reason.INVALID_STATE);
  });

  it("expires an unpaid order after the payment window and gives its stock back", async () => {
    const { client, buyer, order, catalog, clock, expireOrders, book } = await placed();
    await expireOrders.execute();
    expect((await client.getOrder({ id: order.id }, as(buyer))).order?.status).toBe("pending_payment");
    clock.advance(900_000);
    expect(await reasonOf(client.payOrder({ id: order.id }, as(buyer)))).toBe(Reason.INVALID_STATE);
    await expireOrders.execute();
    expect((await client.getOrder({ id: order.id }, as(buyer))).order?.status).toBe("cancelled");
    expect(catalog.stockOf(book)).toBe(5);
  });

  it("ships by staff, completes by the owner, and hides orders from other customers", async () => {
    const { client, buyer, order, callback } = await placed();
    const pay = await client.payOrder({ id: order.id }, as(buyer));
    await callback({ eventId: "s1", paymentId: pay.paymentId, orderId: order.id, status: "succeeded", amountCents: 1_700 });
    const stranger = customer();
    expect(await reasonOf(client.getOrder({ id: order.id }, as(stranger)))).toBe(Reason.NOT_FOUND);
    expect(await reasonOf(client.cancelOrder({ id: order.id }, as(stranger)))).toBe(Reason.NOT_FOUND);
    expect(await reasonOf(client.getOrder({ id: "nope" }, as(buyer)))).toBe(Reason.NOT_FOUND);
    expect(await reasonOf(client.shipOrder({ id: order.id }, as(buyer)))).toBe(Reason.FORBIDDEN);
    expect(await reasonOf(client.shipOrder({ id: order.id }, as(viewer())))).toBe(Reason.FORBIDDEN);
    expect(await reasonOf(client.completeOrder({ id: order.id }, as(buyer)))).toBe(Reason.INVALID_STATE);
    expect((await client.shipOrder({ id: order.id }, as(admin()))).order?.status).toBe("shipped");
    expect((await client.completeOrder({ id: order.id }, as(buyer))).order?.status).toBe("completed");
  });

  it("lists own orders for customers, everyone's for staff with order:read", async () => {
    const { client, buyer, order } = await placed();
    expect((await client.listOrders({ userId: buyer.userId }, as(buyer))).orders.map((o) => o.id)).toEqual([order.id]);
    expect(await reasonOf(client.listOrders({ userId: "" }, as(buyer)))).toBe(Reason.FORBIDDEN);
    expect(await reasonOf(client.listOrders({ userId: customer().userId }, as(buyer)))).toBe(Reason.FORBIDDEN);
    const all = await client.listOrders({ userId: "", status: "pending_payment", size: 100 }, as(viewer()));
    expect(all.orders.map((o) => o.id)).toContain(order.id);
    expect(all.orders.every((o) => o.status === "pending_payment")).toBe(true);
    expect(await reasonOf(client.listOrders({ userId: "", status: "lost" }, as(viewer())))).toBe(Reason.VALIDATION_FAILED);
  });
});
