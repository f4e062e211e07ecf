import { expect } from "vitest";
import { eventually } from "@bookstore/platform/testing";
import { request as fetchRequest } from "./bookstore.js";

/**
 * register → login → browse → search a Chinese title → cart → order → pay → paid, against any running gateway.
 * Returns what it bought so callers can assert more.
 */
export async function purchaseJourney(
  baseUrl: string,
  opts: {
    searchTimeoutMs?: number;
    paidTimeoutMs?: number;
    /** Another client for the same calls (HTTPS with a private CA, counting every request); default: fetch. */
    request?: typeof fetchRequest;
  } = {},
) {
  const request = opts.request ?? fetchRequest;
  const username = `reader${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const reg = await request(baseUrl, "POST", "/api/v1/auth/register", {
    body: { username, email: `${username}@example.test`, password: "a-long-password" },
  });
  expect(reg.status, reg.text).toBe(201);
  expect(reg.json.user).toMatchObject({ username, role: "customer" });
  expect(typeof reg.json.user.id).toBe("string");

  const login = await request(baseUrl, "POST", "/api/v1/auth/login", { body: { username, password: "a-long-password" } });
  expect(login.status, login.text).toBe(200);
  expect(login.json.tokenType).toBe("Bearer");
  const token: string = login.json.accessToken;

  const page = await request(baseUrl, "GET", "/api/v1/books?page=1&size=5");
  expect(page.status, page.text).toBe(200);
  expect(page.json).toMatchObject({ page: 1, size: 5 });
  expect(page.json.total).toBeGreaterThanOrEqual(200);

  const found = await eventually(
    async () => {
      const res = await request(baseUrl, "GET", `/api/v1/search?q=${encodeURIComponent("计算机")}`);
      expect(res.status, res.text).toBe(200);
      expect(res.json.items.length).toBeGreaterThan(0);
      return res.json.items as { id: string; title: string; priceCents: number }[];
    },
    { timeoutMs: opts.searchTimeoutMs ?? 5_000 },
  );
  const book = found.find((b) => b.title.includes("计算机"));
  expect(book, "a hit whose title contains 计算机").toBeDefined();
  if (!book) throw new Error("unreachable");

  const detail = await request(baseUrl, "GET", `/api/v1/books/${book.id}`);
  expect(detail.status, detail.text).toBe(200);
  expect(["in_stock", "low_stock", "out_of_stock"]).toContain(detail.json.stockStatus);

  const cart = await request(baseUrl, "POST", "/api/v1/cart/items", { token, body: { bookId: book.id, quantity: 1 } });
  expect(cart.status, cart.text).toBe(200);
  expect(cart.json.totalCents).toBe(book.priceCents);

  const order = await request(baseUrl, "POST", "/api/v1/orders", {
    token,
    headers: { "Idempotency-Key": `journey-${username}` },
    body: { fromCart: true },
  });
  expect(order.status, order.text).toBe(201);
  expect(order.json).toMatchObject({ status: "pending_payment", totalCents: book.priceCents, currency: "CNY" });

  const pay = await request(baseUrl, "POST", `/api/v1/orders/${order.json.id}/pay`, { token });
  expect(pay.status, pay.text).toBe(202);
  expect(pay.json.status).toBe("pending");

  await eventually(
    async () => {
      const res = await request(baseUrl, "GET", `/api/v1/orders/${order.json.id}`, { token });
      expect(res.json.status).toBe("paid");
    },
    { timeoutMs: opts.paidTimeoutMs ?? 2_000 },
  );

  const emptied = await request(baseUrl, "GET", "/api/v1/cart", { token });
  expect(emptied.json.items).toEqual([]);
  return { token, book, orderId: String(order.json.id) };
}
