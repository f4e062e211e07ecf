import { describe, expect, it } from "vitest";
import { AppError, Reason } from "@bookstore/platform/errors";
import { useTestDatabase } from "@bookstore/platform/testing";
import { migrationsFor } from "../storage/migrations.js";
import type { OrderDb } from "../storage/schema.js";
import { as, bookId, customer, orderTestService, reasonOf } from "../testing/order-test-service.js";

describe("PlaceOrder through the order handlers", () => {
  const t = useTestDatabase<OrderDb>("sqlite", "order", migrationsFor);
  const setup = () => {
    const svc = orderTestService(t.db);
    const [a, b] = [bookId(), bookId()];
    svc.catalog.addBook(a, 1_000, 10);
    svc.catalog.addBook(b, 2_500, 1);
    return { ...svc, a, b, buyer: customer() };
  };

  it("prices from the catalog, reserves stock and starts the payment window", async () => {
    const { client, catalog, a, b, buyer, clock } = setup();
    const res = await client.placeOrder(
      { userId: buyer.userId, idempotencyKey: "k1", items: [{ bookId: a, quantity: 2 }, { bookId: b, quantity: 1 }] },
      as(buyer),
    );
    expect(res.replayed).toBe(false);
    expect(res.order).toMatchObject({ status: "pending_payment", totalCents: 4_500n, discountCents: 0n, payableCents: 4_500n, currency: "CNY" });
    expect(res.order?.expiresAtMs).toBe(BigInt(clock.now().getTime() + 900_000));
    expect([catalog.stockOf(a), catalog.stockOf(b)]).toEqual([8, 0]);
  });

  it("replays the same key and body without reserving again, and refuses the key with another body", async () => {
    const { client, catalog, a, buyer } = setup();
    const req = { userId: buyer.userId, idempotencyKey: "same", items: [{ bookId: a, quantity: 1 }] };
    const first = await client.placeOrder(req, as(buyer));
    const again = await client.placeOrder(req, as(buyer));
    expect(again).toMatchObject({ replayed: true, order: { id: first.order?.id } });
    expect(catalog.stockOf(a)).toBe(9);
    expect(await reasonOf(client.placeOrder({ ...req, items: [{ bookId: a, quantity: 2 }] }, as(buyer)))).toBe(Reason.IDEMPOTENCY_MISMATCH);
    // Keys are per user: another customer's "same" is a different order.
    const other = customer();
    const theirs = await client.placeOrder({ ...req, userId: other.userId }, as(other));
    expect(theirs.order?.id).not.toBe(first.order?.id);
  });

  it("leaves nothing behind when stock runs out, so the same key works once there is stock", async () => {
    const { client, catalog, a, b, buyer } = setup();
    const req = { userId: buyer.userId, idempotencyKey: "oos", items: [{ bookId: a, quantity: 1 }, { bookId: b, quantity: 2 }] };
    expect(await reasonOf(client.placeOrder(req, as(buyer)))).toBe(Reason.OUT_OF_STOCK);
    expect([catalog.stockOf(a), catalog.stockOf(b)]).toEqual([10, 1]);
    expect((await client.listOrders({ userId: buyer.userId }, as(buyer))).total).toBe(0);
    const book = catalog.books.get(b);
    if (book) book.stock = 5;
    expect((await client.placeOrder(req, as(buyer))).replayed).toBe(false);
  });

  it("applies a coupon and releases stock when the coupon cannot be frozen", async () => {
    const { client, catalog, coupons, a, buyer } = setup();
    coupons.coupons.set("501", { userId: buyer.userId, discountCents: 300, status: "available" });
    const res = await client.placeOrder(
      { userId: buyer.userId, idempotencyKey: "c1", items: [{ bookId: a, quantity: 1 }], couponId: "501" },
      as(buyer),
    );
    expect(res.order).toMatchObject({ couponId: "501", totalCents: 1_000n, discountCents: 300n, payableCents: 700n });
    expect(coupons.coupons.get("501")?.status).toBe("frozen");

    const again = client.placeOrder({ userId: buyer.userId, idempotencyKey: "c2", items: [{ bookId: a, quantity: 1 }], couponId: "501" }, as(buyer));
    expect(await reasonOf(again)).toBe(Reason.INVALID_STATE);
    expect(catalog.stockOf(a)).toBe(9);
  });

  it("cancels and leaves the release to the sweeper when compensation itself fails", async () => {
    const { client, catalog, coupons, a, buyer, reporter, expireOrders } = setup();
    coupons.failFreeze = new AppError(Reason.UNAVAILABLE, "user service down");
    catalog.failNext = { op: "release", error: new AppError(Reason.UNAVAILABLE, "catalog down") };
    const req = { userId: buyer.userId, idempotencyKey: "cf", items: [{ bookId: a, quantity: 3 }], couponId: "777" };
    expect(await reasonOf(client.placeOrder(req, as(buyer)))).toBe(Reason.UNAVAILABLE);
    expect(catalog.stockOf(a)).toBe(7);
    expect(reporter.reports.map((r) => r.effect)).toContain("place_order_compensation");
    const listed = await client.listOrders({ userId: buyer.userId }, as(buyer));
    expect(listed.orders.map((o) => o.status)).toEqual(["cancelled"]);

    await expireOrders.execute();
    expect(catalog.stockOf(a)).toBe(10);
  });

  it("orders the cart and removes only the ordered lines", async () => {
    const { client, catalog, a, b, buyer } = setup();
    await client.addCartItem({ userId: buyer.userId, bookId: a, quantity: 2 }, as(buyer));
    await client.addCartItem({ userId: buyer.userId, bookId: b, quantity: 1 }, as(buyer));
    catalog.books.delete(b); // deleted from the catalog after it was added
    const res = await client.placeOrder({ userId: buyer.userId, idempotencyKey: "cart", fromCart: true }, as(buyer));
    expect(res.order?.items.map((i) => [i.bookId, i.quantity])).toEqual([[a, 2]]);
    expect(res.order?.totalCents).toBe(2_000n);
    catalog.addBook(b, 2_500, 1);
    expect((await client.getCart({ userId: buyer.userId }, as(buyer))).cart?.items.map((i) => i.bookId)).toEqual([b]);
    expect((await client.placeOrder({ userId: buyer.userId, idempotencyKey: "cart", fromCart: true }, as(buyer))).replayed).toBe(true);
  });

  it("rejects bad requests before touching anything", async () => {
    const { client, a, buyer } = setup();
    const base = { userId: buyer.userId, idempotencyKey: "bad", items: [{ bookId: a, quantity: 1 }] };
    expect(await reasonOf(client.placeOrder({ ...base, idempotencyKey: "" }, as(buyer)))).toBe(Reason.VALIDATION_FAILED);
    expect(await reasonOf(client.placeOrder({ ...base, fromCart: true }, as(buyer)))).toBe(Reason.VALIDATION_FAILED);
    expect(await reasonOf(client.placeOrder({ ...base, items: [{ bookId: a, quantity: 0 }] }, as(buyer)))).toBe(Reason.VALIDATION_FAILED);
    const six = Array.from({ length: 6 }, () => ({ bookId: bookId(), quantity: 1 }));
    expect(await reasonOf(client.placeOrder({ ...base, items: six }, as(buyer)))).toBe(Reason.VALIDATION_FAILED);
    expect(await reasonOf(client.placeOrder({ ...base, items: [{ bookId: bookId(), quantity: 1 }] }, as(buyer)))).toBe(Reason.NOT_FOUND);
    expect(await reasonOf(client.placeOrder({ ...base, userId: customer().userId }, as(buyer)))).toBe(Reason.FORBIDDEN);
    expect(await reasonOf(client.placeOrder(base))).toBe(Reason.UNAUTHENTICATED);
    expect(await reasonOf(client.placeOrder({ ...base, fromCart: true, items: [] }, as(buyer)))).toBe(Reason.VALIDATION_FAILED);
  });
});
