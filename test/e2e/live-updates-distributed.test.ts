import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, type TestServer } from "@bookstore/platform/testing";
import { request } from "../support/bookstore.js";
import { startDistributedBookstore, type DistributedBookstore, type ServeProcess } from "../support/distributed-bookstore.js";
import { connectReady, type LiveClient } from "../support/ws-client.js";
import { hasRedis, servicesRequired, startRedis } from "../servers/index.js";

/** The bound: a change reaches the owner's socket within 1 s, whichever gateway it is connected to. */
const LIVE_WITHIN_MS = 1_000;

interface User {
  userId: string;
  token: string;
}

const isOrderUpdate = (orderId: string, status: string) => (m: { type: string; order?: { id: string; status: string } }) =>
  m.type === "order.updated" && m.order?.id === orderId && m.order.status === status;

describe.runIf(hasRedis() || servicesRequired)("live updates across two gateway processes sharing Redis", () => {
  let redis: TestServer;
  let dist: DistributedBookstore;
  let gateway2: ServeProcess;
  let admin: User;
  let bookIds: string[];
  const clients: LiveClient[] = [];

  const login = async (baseUrl: string, username: string, password: string): Promise<User> => {
    const res = await request(baseUrl, "POST", "/api/v1/auth/login", { body: { username, password } });
    expect(res.status, res.text).toBe(200);
    return { userId: String(res.json.user.id), token: String(res.json.accessToken) };
  };
  const newCustomer = async (baseUrl: string): Promise<User> => {
    const username = `u${randomUUID().replaceAll("-", "").slice(0, 16)}`;
    const body = { username, email: `${username}@example.test`, password: "correct-horse-battery" };
    expect((await request(baseUrl, "POST", "/api/v1/auth/register", { body })).status).toBe(201);
    return login(baseUrl, username, body.password);
  };
  const live = async (baseUrl: string, who: User) => {
    const c = await connectReady(baseUrl, who.token);
    clients.push(c);
    return c;
  };
  const placeOrder = async (who: User) => {
    const bookId = bookIds.shift();
    if (!bookId) throw new Error("ran out of seeded books");
    expect((await request(dist.baseUrl, "PUT", `/api/v1/books/${bookId}/stock`, { token: admin.token, body: { available: 20 } })).status).toBe(200);
    const res = await request(dist.baseUrl, "POST", "/api/v1/orders", {
      token: who.token, body: { items: [{ bookId, quantity: 1 }] }, headers: { "Idempotency-Key": randomUUID() },
    });
    expect(res.status, res.text).toBe(201);
    return String(res.json.id);
  };

  beforeAll(async () => {
    redis = await startRedis();
    dist = await startDistributedBookstore({ env: { REDIS_URL: redis.url } });
    // A second gateway process on its own port: same Redis, same services.
    gateway2 = await dist.startInstance("gateway");
    admin = await login(dist.baseUrl, "admin", "bookstore-admin");
    bookIds = (await request(dist.baseUrl, "GET", "/api/v1/books?page=1&size=20")).json.items.map((b: { id: string }) => b.id);
  }, 900_000); // includes waiting for the multi-process slot (test/support/heavy-suite.ts)

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await dist?.stop();
    await redis?.stop();
  });

  it("a change made through gateway 1 reaches the owner's socket on gateway 2 within 1 s; another user there gets nothing", async () => {
    const buyer = await newCustomer(dist.baseUrl);
    const other = await newCustomer(gateway2.url);
    const [buyerOn1, buyerOn2, otherOn2] = [await live(dist.baseUrl, buyer), await live(gateway2.url, buyer), await live(gateway2.url, other)];

    // The first order also proves both gateways' Redis subscriptions are live (they are set up asynchronously).
    const first = await placeOrder(buyer);
    await buyerOn2.waitFor(isOrderUpdate(first, "pending_payment"), 15_000);
    await buyerOn1.waitFor(isOrderUpdate(first, "pending_payment"), 15_000);

    const order = await placeOrder(buyer);
    const placedAt = Date.now();
    const created = await buyerOn2.waitFor(isOrderUpdate(order, "pending_payment"), LIVE_WITHIN_MS);
    expect(created.receivedAt - placedAt).toBeLessThanOrEqual(LIVE_WITHIN_MS);

    expect((await request(dist.baseUrl, "POST", `/api/v1/orders/${order}/pay`, { token: buyer.token })).status).toBe(202);
    await eventually(async () => {
      const res = await request(dist.baseUrl, "GET", `/api/v1/orders/${order}`, { token: buyer.token });
      expect(res.json.status).toBe("paid");
    }, { timeoutMs: 10_000 });
    const paidSeenAt = Date.now();
    const paid = await buyerOn2.waitFor(isOrderUpdate(order, "paid"), LIVE_WITHIN_MS);
    expect(paid.receivedAt - paidSeenAt).toBeLessThanOrEqual(LIVE_WITHIN_MS);
    await buyerOn1.waitFor(isOrderUpdate(order, "paid"), LIVE_WITHIN_MS);

    expect((await request(dist.baseUrl, "POST", `/api/v1/orders/${first}/cancel`, { token: buyer.token })).status).toBe(200);
    await buyerOn2.waitFor(isOrderUpdate(first, "cancelled"), LIVE_WITHIN_MS);

    // The other user's socket on gateway 2 works (it hears their own order) but heard none of the buyer's.
    const theirs = await placeOrder(other);
    await otherOn2.waitFor(isOrderUpdate(theirs, "pending_payment"), LIVE_WITHIN_MS);
    expect(otherOn2.received((m) => m.type === "order.updated" && m.order.id !== theirs)).toEqual([]);
    expect(buyerOn2.received((m) => m.order?.id === theirs)).toEqual([]);
  });
});
