import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "@bookstore/platform/testing";
import { startBookstore, type TestBookstore } from "../support/bookstore.js";

describe("a new customer's first purchase through the gateway", () => {
  let bs: TestBookstore;
  beforeAll(async () => {
    bs = await startBookstore();
  });
  afterAll(() => bs.close());

  it("registers, finds a Chinese title, orders it, pays and sees the order paid", async () => {
    const username = `reader${Date.now()}`;
    const reg = await bs.request("POST", "/api/v1/auth/register", {
      body: { username, email: `${username}@example.test`, password: "a-long-password" },
    });
    expect(reg.status).toBe(201);
    expect(reg.json.user).toMatchObject({ username, role: "customer" });
    expect(typeof reg.json.user.id).toBe("string");

    const login = await bs.request("POST", "/api/v1/auth/login", { body: { username, password: "a-long-password" } });
    expect(login.status).toBe(200);
    expect(login.json.tokenType).toBe("Bearer");
    const token: string = login.json.accessToken;

    const page = await bs.request("GET", "/api/v1/books?page=1&size=5");
    expect(page.status).toBe(200);
    expect(page.json).toMatchObject({ page: 1, size: 5 });
    expect(page.json.total).toBeGreaterThanOrEqual(200);

    const found = await eventually(async () => {
      const res = await bs.request("GET", `/api/v1/search?q=${encodeURIComponent("计算机")}`);
      expect(res.status).toBe(200);
      expect(res.json.items.length).toBeGreaterThan(0);
      return res.json.items as { id: string; title: string; priceCents: number }[];
    }, { timeoutMs: 5_000 });
    expect(found[0]?.title).toContain("计算机");
    const book = found[0]!;

    const detail = await bs.request("GET", `/api/v1/books/${book.id}`);
    expect(detail.status).toBe(200);
    expect(["in_stock", "low_stock"]).toContain(detail.json.stockStatus);

    const cart = await bs.request("POST", "/api/v1/cart/items", { token, body: { bookId: book.id, quantity: 2 } });
    expect(cart.status).toBe(200);
    expect(cart.json.totalCents).toBe(book.priceCents * 2);

    const order = await bs.request("POST", "/api/v1/orders", {
      token,
      headers: { "Idempotency-Key": `journey-${username}` },
      body: { fromCart: true },
    });
    expect(order.status).toBe(201);
    expect(order.json).toMatchObject({ status: "pending_payment", totalCents: book.priceCents * 2, currency: "CNY" });

    const pay = await bs.request("POST", `/api/v1/orders/${order.json.id}/pay`, { token });
    expect(pay.status).toBe(202);
    expect(pay.json.status).toBe("pending");

    await eventually(async () => {
      const res = await bs.request("GET", `/api/v1/orders/${order.json.id}`, { token });
      expect(res.json.status).toBe("paid");
    }, { timeoutMs: 2_000 });

    const emptied = await bs.request("GET", "/api/v1/cart", { token });
    expect(emptied.json.items).toEqual([]);
  });

  it("answers malformed JSON, wrong types and unknown routes with 4xx JSON errors, never 500", async () => {
    const customer = await bs.newCustomer();
    const cases = [
      await bs.request("POST", "/api/v1/auth/login", { raw: "{not json" }),
      await bs.request("POST", "/api/v1/cart/items", { token: customer.token, body: { bookId: "1", quantity: "2" } }),
      await bs.request("POST", "/api/v1/cart/items", { token: customer.token, body: { bookId: "1", quantity: -1 } }),
      await bs.request("POST", "/api/v1/cart/items", { token: customer.token, body: { bookId: "1", quantity: [1] } }),
      await bs.request("POST", "/api/v1/auth/register", { body: { username: "x", email: "y", password: "z", admin: true } }),
    ];
    for (const res of cases) {
      expect(res.status, res.text).toBe(400);
      expect(res.json.error.code).toBe("VALIDATION_FAILED");
      expect(typeof res.json.error.message).toBe("string");
    }
    const unknownBook = await bs.request("GET", "/api/v1/books/999999999999");
    expect(unknownBook.status).toBe(404);
    expect(unknownBook.json.error.code).toBe("NOT_FOUND");
  });

  it("serves the OpenAPI document and Swagger UI", async () => {
    const doc = await bs.request("GET", "/swagger/json");
    expect(doc.status).toBe(200);
    expect(doc.json.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.json.paths)).toEqual(expect.arrayContaining(["/api/v1/books/{id}", "/api/v1/orders"]));
    const ui = await bs.request("GET", "/swagger/");
    expect(ui.status).toBe(200);
    expect(ui.text).toContain("swagger");
  });

  it("exposes health, readiness and Prometheus metrics", async () => {
    expect((await bs.request("GET", "/healthz")).json).toEqual({ status: "ok" });
    const ready = await bs.request("GET", "/readyz");
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.json.checks).length).toBeGreaterThan(0);
    const metrics = await bs.request("GET", "/metrics");
    expect(metrics.text).toContain("http_request_duration_seconds_bucket");
    expect(metrics.text).toContain("rpc_server_duration_seconds_bucket");
  });
});
