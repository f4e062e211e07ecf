import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "@bookstore/platform/testing";
import { startBookstore, type ApiClient, type TestBookstore } from "../support/bookstore.js";

interface Book {
  id: string;
  title: string;
}

describe("flash sales through the gateway", () => {
  let bs: TestBookstore;
  let admin: ApiClient;
  let books: Book[];
  let nextBook = 0;
  beforeAll(async () => {
    bs = await startBookstore({ env: { BOOKSTORE_FLASH_SALES__POLL_MS: "50" } });
    admin = await bs.login("admin");
    books = (await bs.request("GET", "/api/v1/books?page=1&size=20")).json.items;
  });
  afterAll(() => bs.close());

  async function freshBook(available: number): Promise<Book> {
    const book = books[nextBook++];
    if (!book) throw new Error("ran out of seeded books");
    const res = await admin.put(`/api/v1/books/${book.id}/stock`, { available });
    expect(res.status, res.text).toBe(200);
    return book;
  }
  const stockOf = async (id: string): Promise<{ available: number; reserved: number }> =>
    (await admin.get(`/api/v1/books/${id}/stock`)).json;
  const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
  const createSale = (bookId: string, quantity: number, startsInMs = -1_000) =>
    admin.post("/api/v1/admin/flash-sales", { bookId, priceCents: 990, quantity, startsAt: iso(startsInMs), endsAt: iso(3_600_000) });

  it("admin creates a sale, customers buy one unit each, the order appears as pending_payment at the sale price", async () => {
    const book = await freshBook(10);
    const created = await createSale(book.id, 2);
    expect(created.status, created.text).toBe(201);
    const sale = created.json;
    expect(sale).toEqual({
      id: expect.stringMatching(/^\d+$/), bookId: book.id, priceCents: 990, quantity: 2, remaining: 2,
      startsAt: expect.any(String), endsAt: expect.any(String),
    });
    // The sale's units are held in the catalog from the start.
    expect(await stockOf(book.id)).toMatchObject({ available: 8, reserved: 2 });
    expect((await bs.anonymous.get(`/api/v1/flash-sales/${sale.id}`)).json).toEqual(sale);
    const list = await bs.anonymous.get("/api/v1/flash-sales?size=100");
    expect(list.status).toBe(200);
    expect(list.json.items.map((s: { id: string }) => s.id)).toContain(sale.id);

    const [alice, bob, carol] = [await bs.newCustomer(), await bs.newCustomer(), await bs.newCustomer()];
    const first = await alice.post(`/api/v1/flash-sales/${sale.id}/purchase`);
    expect(first.status, first.text).toBe(202);
    expect(first.json).toEqual({ status: "queued" });
    const again = await alice.post(`/api/v1/flash-sales/${sale.id}/purchase`);
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("CONFLICT");
    expect((await bob.post(`/api/v1/flash-sales/${sale.id}/purchase`)).status).toBe(202);
    const soldOut = await carol.post(`/api/v1/flash-sales/${sale.id}/purchase`);
    expect(soldOut.status).toBe(409);
    expect(soldOut.json.error.code).toBe("OUT_OF_STOCK");
    expect((await carol.get(`/api/v1/flash-sales/${sale.id}/purchase`)).status).toBe(404);
    expect((await bs.anonymous.get(`/api/v1/flash-sales/${sale.id}`)).json.remaining).toBe(0);

    let orderId = "";
    await eventually(async () => {
      const polled = await alice.get(`/api/v1/flash-sales/${sale.id}/purchase`);
      expect(polled.status, polled.text).toBe(200);
      expect(polled.json).toEqual({ status: "succeeded", orderId: expect.stringMatching(/^\d+$/) });
      orderId = polled.json.orderId;
    }, { timeoutMs: 5_000 });
    const order = await alice.get(`/api/v1/orders/${orderId}`);
    expect(order.status, order.text).toBe(200);
    expect(order.json).toMatchObject({
      userId: alice.userId, status: "pending_payment", totalCents: 990, payableCents: 990,
      items: [{ bookId: book.id, title: book.title, quantity: 1, priceCents: 990 }],
    });
    // Still exactly the sale's two units held: the order used its sale unit instead of reserving another.
    expect(await stockOf(book.id)).toMatchObject({ available: 8, reserved: 2 });

    // Cancelling a sale order gives its unit back to the catalog, not to the sale.
    expect((await alice.post(`/api/v1/orders/${orderId}/cancel`)).json.status).toBe("cancelled");
    expect(await stockOf(book.id)).toMatchObject({ available: 9, reserved: 1 });
    expect((await bs.anonymous.get(`/api/v1/flash-sales/${sale.id}`)).json.remaining).toBe(0);
  });

  it("refuses purchases before the start, anonymous buyers, non-admin creators and bad bodies", async () => {
    const book = await freshBook(5);
    const later = await createSale(book.id, 1, 600_000);
    expect(later.status, later.text).toBe(201);
    const buyer = await bs.newCustomer();
    const early = await buyer.post(`/api/v1/flash-sales/${later.json.id}/purchase`);
    expect(early.status).toBe(409);
    expect(early.json.error.code).toBe("INVALID_STATE");
    expect((await bs.anonymous.post(`/api/v1/flash-sales/${later.json.id}/purchase`)).status).toBe(401);
    expect((await buyer.post(`/api/v1/flash-sales/999999999/purchase`)).status).toBe(404);

    const body = { bookId: book.id, priceCents: 990, quantity: 1, startsAt: iso(0), endsAt: iso(60_000) };
    expect((await buyer.post("/api/v1/admin/flash-sales", body)).status).toBe(403);
    for (const bad of [
      { ...body, quantity: "1" },
      { ...body, priceCents: 0 },
      { ...body, endsAt: body.startsAt },
      { ...body, startsAt: "yesterday" },
      { ...body, extra: true },
    ]) {
      const res = await admin.post("/api/v1/admin/flash-sales", bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.json.error.code).toBe("VALIDATION_FAILED");
    }
    const tooMany = await admin.post("/api/v1/admin/flash-sales", { ...body, quantity: 50 });
    expect(tooMany.status).toBe(409);
    expect(tooMany.json.error.code).toBe("OUT_OF_STOCK");
    expect(await stockOf(book.id)).toMatchObject({ available: 4, reserved: 1 });
  });
});
