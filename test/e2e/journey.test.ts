import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBookstore, type TestBookstore } from "../support/bookstore.js";
import { purchaseJourney } from "../support/purchase-journey.js";

describe("a new customer's first purchase through the gateway", () => {
  let bs: TestBookstore;
  beforeAll(async () => {
    bs = await startBookstore();
  });
  afterAll(() => bs.close());

  it("registers, finds a Chinese title, orders it, pays and sees the order paid", async () => {
    await purchaseJourney(bs.baseUrl);
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
