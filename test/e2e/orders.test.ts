import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "@bookstore/platform/testing";
import { startBookstore, type ApiClient, type TestBookstore } from "../support/bookstore.js";

const HMAC_SECRET = "e2e-orders-hmac-secret-0123456789";

interface Book {
  id: string;
  title: string;
  priceCents: number;
}

describe("orders and payments through the gateway", () => {
  let bs: TestBookstore;
  let admin: ApiClient;
  let books: Book[];
  let nextBook = 0;
  beforeAll(async () => {
    // The test knows the provider's key, so it can sign (and forge) callbacks itself.
    bs = await startBookstore({ env: { BOOKSTORE_PAYMENTS__HMAC_SECRET: HMAC_SECRET } });
    admin = await bs.login("admin");
    books = (await bs.request("GET", "/api/v1/books?page=1&size=60")).json.items;
  });
  afterAll(() => bs.close());

  /** A seeded book no other test in this file uses, with exactly `available` in stock. */
  async function freshBook(available = 10): Promise<Book> {
    const book = books[nextBook++];
    if (!book) throw new Error("ran out of seeded books");
    const res = await admin.put(`/api/v1/books/${book.id}/stock`, { available });
    expect(res.status, res.text).toBe(200);
    return book;
  }
  const stockOf = async (id: string): Promise<{ available: number; reserved: number }> =>
    (await admin.get(`/api/v1/books/${id}/stock`)).json;
  const key = () => `e2e-${randomUUID()}`;
  const order = (who: ApiClient, body: unknown, idempotencyKey = key()) =>
    who.post("/api/v1/orders", body, { "Idempotency-Key": idempotencyKey });
  const signed = (body: unknown) => {
    const raw = JSON.stringify(body);
    const signature = `sha256=${createHmac("sha256", HMAC_SECRET).update(raw).digest("hex")}`;
    return bs.request("POST", "/api/v1/payments/callback", { raw, headers: { "X-Signature": signature } });
  };
  const statusOf = async (who: ApiClient, id: string): Promise<string> => (await who.get(`/api/v1/orders/${id}`)).json.status;
  async function payAndWait(who: ApiClient, id: string): Promise<string> {
    const pay = await who.post(`/api/v1/orders/${id}/pay`);
    expect(pay.status, pay.text).toBe(202);
    expect(pay.json).toEqual({ paymentId: expect.stringMatching(/^\d+$/), status: "pending" });
    await eventually(async () => expect(await statusOf(who, id)).toBe("paid"), { timeoutMs: 2_000 });
    return pay.json.paymentId;
  }

  it("places an order from items at catalog prices, reserving the stock", async () => {
    const buyer = await bs.newCustomer();
    const [a, b] = [await freshBook(), await freshBook()];
    const res = await order(buyer, { items: [{ bookId: a.id, quantity: 2 }, { bookId: b.id, quantity: 1 }, { bookId: a.id, quantity: 1 }] });
    expect(res.status, res.text).toBe(201);
    const total = 3 * a.priceCents + b.priceCents;
    expect(res.json).toMatchObject({
      userId: buyer.userId,
      status: "pending_payment",
      items: [
        { bookId: a.id, title: a.title, quantity: 3, priceCents: a.priceCents },
        { bookId: b.id, title: b.title, quantity: 1, priceCents: b.priceCents },
      ],
      totalCents: total,
      discountCents: 0,
      payableCents: total,
      currency: "CNY",
    });
    expect(Date.parse(res.json.expiresAt) - Date.parse(res.json.createdAt)).toBe(900_000);
    expect(await stockOf(a.id)).toMatchObject({ available: 7, reserved: 3 });
    expect((await buyer.get(`/api/v1/orders/${res.json.id}`)).json).toEqual(res.json);
  });

  it("places an order from the cart and takes the ordered lines out of it", async () => {
    const buyer = await bs.newCustomer();
    const a = await freshBook();
    await buyer.post("/api/v1/cart/items", { bookId: a.id, quantity: 2 });
    const res = await order(buyer, { fromCart: true });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ status: "pending_payment", totalCents: 2 * a.priceCents, items: [{ bookId: a.id, quantity: 2 }] });
    expect((await buyer.get("/api/v1/cart")).json.items).toEqual([]);
    expect((await order(buyer, { fromCart: true })).status).toBe(400);
  });

  it("replays the same Idempotency-Key and body as the same order, reserving once; another body is 422", async () => {
    const buyer = await bs.newCustomer();
    const a = await freshBook(5);
    const k = key();
    const first = await order(buyer, { items: [{ bookId: a.id, quantity: 2 }] }, k);
    const again = await order(buyer, { items: [{ bookId: a.id, quantity: 2 }] }, k);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.json.id).toBe(first.json.id);
    expect(await stockOf(a.id)).toMatchObject({ available: 3, reserved: 2 });

    const other = await order(buyer, { items: [{ bookId: a.id, quantity: 1 }] }, k);
    expect(other.status).toBe(422);
    expect(other.json.error.code).toBe("IDEMPOTENCY_MISMATCH");
    expect((await buyer.get("/api/v1/orders")).json.total).toBe(1);
  });

  it("requires the Idempotency-Key header and a well-formed body", async () => {
    const buyer = await bs.newCustomer();
    const a = await freshBook();
    const missing = await buyer.post("/api/v1/orders", { items: [{ bookId: a.id, quantity: 1 }] });
    expect(missing.status).toBe(400);
    expect(missing.json.error.code).toBe("VALIDATION_FAILED");
    for (const body of [
      { items: [{ bookId: a.id, quantity: 0 }] },
      { items: [{ bookId: a.id, quantity: "1" }] },
      { items: [] },
      {},
      { items: [{ bookId: a.id, quantity: 1 }], fromCart: true },
      { items: [{ bookId: a.id, quantity: 1, priceCents: 1 }] },
    ])
      expect((await order(buyer, body)).status, JSON.stringify(body)).toBe(400);
    expect((await order(buyer, { items: [{ bookId: "999999999999999999", quantity: 1 }] })).status).toBe(404);
    expect((await order(bs.anonymous, { items: [{ bookId: a.id, quantity: 1 }] })).status).toBe(401);
    expect(await stockOf(a.id)).toMatchObject({ available: 10, reserved: 0 });
  });

  it("answers 409 OUT_OF_STOCK for more than is in stock and reserves nothing", async () => {
    const buyer = await bs.newCustomer();
    const [a, b] = [await freshBook(5), await freshBook(1)];
    const res = await order(buyer, { items: [{ bookId: a.id, quantity: 2 }, { bookId: b.id, quantity: 2 }] });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("OUT_OF_STOCK");
    expect(await stockOf(a.id)).toMatchObject({ available: 5, reserved: 0 });
    expect(await stockOf(b.id)).toMatchObject({ available: 1, reserved: 0 });
    expect((await buyer.get("/api/v1/orders")).json.total).toBe(0);
  });

  it("pays: 202 pending, then the signed callback makes the order paid and sells the stock", async () => {
    const buyer = await bs.newCustomer();
    const a = await freshBook(4);
    const placed = await order(buyer, { items: [{ bookId: a.id, quantity: 1 }] });
    await payAndWait(buyer, placed.json.id);
    expect(await stockOf(a.id)).toMatchObject({ available: 3, reserved: 0 });
  });

  it("refuses a callback with a bad signature and ignores a replayed one", async () => {
    const buyer = await bs.newCustomer();
    const a = await freshBook(4);
    const placed = await order(buyer, { items: [{ bookId: a.id, quantity: 2 }] });
    const id: string = placed.json.id;
    const paymentId = await payAndWait(buyer, id);
    const event = { eventId: randomUUID(), paymentId, orderId: id, status: "succeeded", amountCents: placed.json.payableCents };

    const forged = await bs.request("POST", "/api/v1/payments/callback", {
      raw: JSON.stringify(event),
      headers: { "X-Signature": `sha256=${"0".repeat(64)}` },
    });
    expect(forged.status).toBe(401);
    expect(forged.json.error.code).toBe("UNAUTHENTICATED");
    expect((await bs.request("POST", "/api/v1/payments/callback", { raw: JSON.stringify(event) })).status).toBe(401);
    expect((await signed({ ...event, amountCents: 1 })).status).toBe(400);

    expect((await admin.post(`/api/v1/orders/${id}/ship`)).json.status).toBe("shipped");
    for (const replay of [event, event, { ...event, eventId: randomUUID(), status: "failed" }]) {
      const res = await signed(replay);
      expect(res.status, res.text).toBe(200);
      expect(res.json).toEqual({ received: true });
    }
    expect(await statusOf(buyer, id)).toBe("shipped");
    expect(await stockOf(a.id)).toMatchObject({ available: 2, reserved: 0 });
  });

  it("cancels an unpaid order and releases its stock; a paid order cannot be cancelled", async () => {
    const buyer = await bs.newCustomer();
    const a = await freshBook(6);
    const placed = await order(buyer, { items: [{ bookId: a.id, quantity: 4 }] });
    expect(await stockOf(a.id)).toMatchObject({ available: 2, reserved: 4 });
    const cancelled = await buyer.post(`/api/v1/orders/${placed.json.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.status).toBe("cancelled");
    expect(await stockOf(a.id)).toMatchObject({ available: 6, reserved: 0 });
    expect((await buyer.post(`/api/v1/orders/${placed.json.id}/pay`)).status).toBe(409);

    const paid = await order(buyer, { items: [{ bookId: a.id, quantity: 1 }] });
    await payAndWait(buyer, paid.json.id);
    const refused = await buyer.post(`/api/v1/orders/${paid.json.id}/cancel`);
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("INVALID_STATE");
  });

  it("ships by staff and completes by the owner; other customers see 404", async () => {
    const [buyer, stranger] = [await bs.newCustomer(), await bs.newCustomer()];
    const a = await freshBook();
    const placed = await order(buyer, { items: [{ bookId: a.id, quantity: 1 }] });
    const id: string = placed.json.id;
    expect((await stranger.get(`/api/v1/orders/${id}`)).status).toBe(404);
    expect((await stranger.post(`/api/v1/orders/${id}/cancel`)).status).toBe(404);
    expect((await admin.post(`/api/v1/orders/${id}/ship`)).status).toBe(409);
    await payAndWait(buyer, id);
    expect((await buyer.post(`/api/v1/orders/${id}/ship`)).status).toBe(403);
    expect((await buyer.post(`/api/v1/orders/${id}/complete`)).status).toBe(409);
    expect((await admin.post(`/api/v1/orders/${id}/ship`)).json.status).toBe("shipped");
    const done = await buyer.post(`/api/v1/orders/${id}/complete`);
    expect(done.status).toBe(200);
    expect(done.json.status).toBe("completed");
    expect((await admin.get(`/api/v1/orders/${id}`)).json.status).toBe("completed");
  });

  it("lists a customer's own orders, and everyone's for staff with order:read", async () => {
    const buyer = await bs.newCustomer();
    const a = await freshBook();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await order(buyer, { items: [{ bookId: a.id, quantity: 1 }] })).json.id);
    const page = await buyer.get("/api/v1/orders?page=1&size=2");
    expect(page.json).toMatchObject({ page: 1, size: 2, total: 3 });
    expect(page.json.items.map((o: { id: string }) => o.id)).toEqual([ids[2], ids[1]]);
    expect((await buyer.get("/api/v1/orders?all=true")).status).toBe(403);

    const viewer = await bs.login("viewer");
    const all = await viewer.get("/api/v1/orders?all=true&status=pending_payment&size=100");
    expect(all.status).toBe(200);
    expect(all.json.total).toBeGreaterThanOrEqual(3);
    expect(all.json.items.every((o: { status: string }) => o.status === "pending_payment")).toBe(true);
    expect((await viewer.get(`/api/v1/orders/${ids[0]}`)).status).toBe(200);
    expect((await viewer.post(`/api/v1/orders/${ids[0]}/ship`)).status).toBe(403);
  });

  it("applies a coupon from the customer's wallet and gives it back on cancel", async () => {
    const customer = await bs.login("customer");
    const a = await freshBook();
    const wallet = await customer.get("/api/v1/coupons");
    expect(wallet.status).toBe(200);
    const total = 3 * a.priceCents;
    const coupon = wallet.json.items.find((c: { status: string; minOrderCents: number }) => c.status === "available" && c.minOrderCents <= total);
    expect(coupon, JSON.stringify(wallet.json)).toBeDefined();

    const placed = await order(customer, { items: [{ bookId: a.id, quantity: 3 }], couponId: coupon.id });
    expect(placed.status, placed.text).toBe(201);
    const discount = Math.min(coupon.discountCents, total);
    expect(placed.json).toMatchObject({ couponId: coupon.id, totalCents: total, discountCents: discount, payableCents: total - discount });
    const frozen = (await customer.get("/api/v1/coupons")).json.items.find((c: { id: string }) => c.id === coupon.id);
    expect(frozen.status).toBe("frozen");

    await customer.post(`/api/v1/orders/${placed.json.id}/cancel`);
    const back = (await customer.get("/api/v1/coupons")).json.items.find((c: { id: string }) => c.id === coupon.id);
    expect(back.status).toBe("available");
  });
});
