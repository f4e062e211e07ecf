import { randomBytes, randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "@bookstore/platform/testing";
import type { TestServer } from "@bookstore/platform/testing";
import { hasRedis, servicesRequired, startRedis } from "../servers/index.js";
import { startBookstore, type ApiClient, type TestBookstore } from "../support/bookstore.js";
import { connectLive, connectReady, type LiveClient } from "../support/ws-client.js";

const AUTH_TIMEOUT_MS = 400;
const HEARTBEAT_MS = 300;
/** The bound: a change reaches the owner's socket within 1 s. */
const LIVE_WITHIN_MS = 1_000;
const JWT_SECRET = randomBytes(32).toString("hex");

/** An access token exactly like the user service's, but expiring in `ttlSeconds` (its config floor is 30 s). */
const accessToken = (userId: string, ttlSeconds: number) =>
  new SignJWT({ role: "customer", perms: [] })
    .setProtectedHeader({ alg: "HS256", typ: "at+jwt" })
    .setSubject(userId)
    .setIssuer("bookstore")
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(new TextEncoder().encode(JWT_SECRET));

const isOrderUpdate = (orderId: string, status: string) => (m: { type: string; order?: { id: string; status: string } }) =>
  m.type === "order.updated" && m.order?.id === orderId && m.order.status === status;

/** Value of one series of /metrics (0 when absent). */
async function metricValue(baseUrl: string, series: RegExp): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = text.split("\n").find((l) => series.test(l));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

describe("live updates over /ws (embedded)", () => {
  let bs: TestBookstore;
  const clients: LiveClient[] = [];
  const track = (c: LiveClient) => (clients.push(c), c);
  const open = async (path?: string) => track(await connectLive(bs.baseUrl, path));
  const ready = async (who: ApiClient) => track(await connectReady(bs.baseUrl, who.token));

  beforeAll(async () => {
    bs = await startBookstore({
      env: {
        BOOKSTORE_LIVE__AUTH_TIMEOUT_MS: String(AUTH_TIMEOUT_MS),
        BOOKSTORE_LIVE__HEARTBEAT_INTERVAL_MS: String(HEARTBEAT_MS),
        BOOKSTORE_FLASH_SALES__POLL_MS: "50",
        BOOKSTORE_AUTH__JWT_SECRET: JWT_SECRET,
      },
    });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await bs?.close();
  });

  describe("handshake", () => {
    it("answers {type: ready} to a valid auth message", async () => {
      const customer = await bs.newCustomer();
      const c = await open();
      c.send({ type: "auth", accessToken: customer.token });
      const msg = await c.waitFor(() => true);
      expect(msg.data).toEqual({ type: "ready" });
    });

    it("closes with 4401 when no auth message arrives within live.authTimeoutMs", async () => {
      const c = await open();
      const started = Date.now();
      const closed = await c.closed;
      expect(closed.code).toBe(4401);
      expect(closed.reason).toMatch(/timeout/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(AUTH_TIMEOUT_MS - 50);
      expect(c.messages).toEqual([]);
    });

    it("closes with 4401 on a bad or forged token", async () => {
      const customer = await bs.newCustomer();
      for (const token of ["not-a-jwt", customer.token.slice(0, -4) + "AAAA", customer.refreshToken]) {
        const c = await open();
        c.send({ type: "auth", accessToken: token });
        expect(await c.closed).toEqual({ code: 4401, reason: "invalid or expired access token" });
        expect(c.messages).toEqual([]);
      }
    });

    it("ignores a token in the URL: the socket still has to authenticate and is closed with 4401", async () => {
      const customer = await bs.newCustomer();
      const c = await open(`/ws?accessToken=${customer.token}&token=${customer.token}`);
      expect((await c.closed).code).toBe(4401);
      expect(c.messages).toEqual([]);
    });

    it("closes with 4401 when the first message is not auth; after auth, bad messages get an error message", async () => {
      const first = await open();
      first.send({ type: "ping" });
      expect((await first.closed).code).toBe(4401);

      const customer = await bs.newCustomer();
      const c = await ready(customer);
      c.sendRaw("{not json");
      c.send({ type: "subscribe", topic: "everything" });
      c.send({ type: "auth", accessToken: customer.token, extra: 1 });
      c.send(["auth"]);
      c.socket.send(Buffer.from([1, 2, 3]), { binary: true });
      c.send({ type: "ping" });
      await c.waitFor((m) => m.type === "pong");
      const errors = c.received((m) => m.type === "error").map((m) => m.data);
      expect(errors).toHaveLength(5);
      for (const e of errors) expect(e).toEqual({ type: "error", error: { code: "VALIDATION_FAILED", message: expect.any(String), details: {} } });
      expect(errors[1].error.message).toMatch(/unknown message type "subscribe"/);
      // Still open and still authenticated.
      expect(c.socket.readyState).toBe(c.socket.OPEN);
    });

    it("closes with 4401 when the access token expires while connected", async () => {
      const customer = await bs.newCustomer();
      const c = await open();
      c.send({ type: "auth", accessToken: await accessToken(customer.userId, 2) });
      await c.waitFor((m) => m.type === "ready");
      const closed = await Promise.race([c.closed, new Promise((r) => setTimeout(() => r("still open"), 6_000))]);
      expect(closed).toEqual({ code: 4401, reason: "access token expired" });
    });

    it("accepts a fresh token of the same user on the open socket, and closes with 4401 for another user's", async () => {
      const [alice, bob] = [await bs.newCustomer(), await bs.newCustomer()];
      const c = await ready(alice);
      c.send({ type: "auth", accessToken: await accessToken(alice.userId, 600) });
      await eventually(() => expect(c.received((m) => m.type === "ready")).toHaveLength(2));
      c.send({ type: "auth", accessToken: bob.token });
      expect(await c.closed).toEqual({ code: 4401, reason: "access token of another user" });
    });
  });

  describe("heartbeat", () => {
    it("terminates a peer that stops answering pings, and keeps one that answers", async () => {
      const customer = await bs.newCustomer();
      const before = await metricValue(bs.baseUrl, /^ws_closed_total\{reason="heartbeat"/);
      const dead = track(await connectLive(bs.baseUrl, "/ws", { autoPong: false }));
      dead.send({ type: "auth", accessToken: customer.token });
      await dead.waitFor((m) => m.type === "ready");
      const alive = await ready(customer);
      // Pinged at the next tick, cut at the one after: no close handshake with a dead peer.
      expect((await dead.closed).code).toBe(1006);
      expect(await metricValue(bs.baseUrl, /^ws_closed_total\{reason="heartbeat"/)).toBe(before + 1);
      // The answering socket outlived at least two ticks and still works.
      alive.send({ type: "ping" });
      await alive.waitFor((m) => m.type === "pong");
      expect(alive.socket.readyState).toBe(alive.socket.OPEN);
    });
  });

  describe("order updates", () => {
    let admin: ApiClient;
    let bookIds: string[];
    let nextBook = 0;
    beforeAll(async () => {
      admin = await bs.login("admin");
      bookIds = (await bs.request("GET", "/api/v1/books?page=1&size=40")).json.items.map((b: { id: string }) => b.id);
    });
    const freshBook = async () => {
      const id = bookIds[nextBook++];
      if (!id) throw new Error("ran out of seeded books");
      expect((await admin.put(`/api/v1/books/${id}/stock`, { available: 50 })).status).toBe(200);
      return id;
    };
    const placeOrder = async (who: ApiClient) => {
      const res = await who.post("/api/v1/orders", { items: [{ bookId: await freshBook(), quantity: 1 }] }, { "Idempotency-Key": randomUUID() });
      expect(res.status, res.text).toBe(201);
      return { id: String(res.json.id), at: Date.now() };
    };
    const payAndWait = async (who: ApiClient, orderId: string) => {
      expect((await who.post(`/api/v1/orders/${orderId}/pay`)).status).toBe(202);
      await eventually(async () => expect((await who.get(`/api/v1/orders/${orderId}`)).json.status).toBe("paid"), { timeoutMs: 5_000 });
      return Date.now();
    };

    it("tells the owner created → paid within 1 s of each change, and another customer nothing", async () => {
      const [buyer, other] = [await bs.newCustomer(), await bs.newCustomer()];
      const [mine, second, theirs] = [await ready(buyer), await ready(buyer), await ready(other)];
      const order = await placeOrder(buyer);
      const created = await mine.waitFor(isOrderUpdate(order.id, "pending_payment"), LIVE_WITHIN_MS);
      expect(created.data).toEqual({ type: "order.updated", order: { id: order.id, status: "pending_payment" } });
      expect(created.receivedAt - order.at).toBeLessThanOrEqual(LIVE_WITHIN_MS);

      const paidSeenAt = await payAndWait(buyer, order.id);
      // "paid" is observable over HTTP at paidSeenAt at the latest: the socket must have it by then + 1 s.
      const paid = await mine.waitFor(isOrderUpdate(order.id, "paid"), LIVE_WITHIN_MS);
      expect(paid.receivedAt - paidSeenAt).toBeLessThanOrEqual(LIVE_WITHIN_MS);
      expect(mine.received((m) => m.type === "order.updated").map((m) => m.data.order.status)).toEqual(["pending_payment", "paid"]);
      // Every socket of the user gets it.
      await second.waitFor(isOrderUpdate(order.id, "paid"), LIVE_WITHIN_MS);

      // The other customer's order goes through too, so their socket demonstrably works, yet never saw the buyer's.
      const own = await placeOrder(other);
      await theirs.waitFor(isOrderUpdate(own.id, "pending_payment"), LIVE_WITHIN_MS);
      expect(theirs.received((m) => m.order?.id === order.id)).toEqual([]);
      expect(mine.received((m) => m.order?.id === own.id)).toEqual([]);
    });

    it("tells the owner cancelled, and shipped and completed when staff and owner move the order on", async () => {
      const buyer = await bs.newCustomer();
      const c = await ready(buyer);
      const cancelled = await placeOrder(buyer);
      expect((await buyer.post(`/api/v1/orders/${cancelled.id}/cancel`)).status).toBe(200);
      await c.waitFor(isOrderUpdate(cancelled.id, "cancelled"), LIVE_WITHIN_MS);

      const shipped = await placeOrder(buyer);
      await payAndWait(buyer, shipped.id);
      const ship = await admin.post(`/api/v1/orders/${shipped.id}/ship`);
      expect(ship.status, ship.text).toBe(200);
      await c.waitFor(isOrderUpdate(shipped.id, "shipped"), LIVE_WITHIN_MS);
      expect((await buyer.post(`/api/v1/orders/${shipped.id}/complete`)).status).toBe(200);
      await c.waitFor(isOrderUpdate(shipped.id, "completed"), LIVE_WITHIN_MS);
      // The admin's own socket is another user's: it hears nothing of the customer's order.
      const adminSocket = await ready(admin);
      const again = await placeOrder(buyer);
      await c.waitFor(isOrderUpdate(again.id, "pending_payment"), LIVE_WITHIN_MS);
      expect(adminSocket.received((m) => m.type === "order.updated")).toEqual([]);
    });

    it("tells a flash-sale buyer the result with the new order", async () => {
      const buyer = await bs.newCustomer();
      const c = await ready(buyer);
      const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
      const sale = await admin.post("/api/v1/admin/flash-sales", {
        bookId: await freshBook(), priceCents: 990, quantity: 1, startsAt: iso(-1_000), endsAt: iso(3_600_000),
      });
      expect(sale.status, sale.text).toBe(201);
      expect((await buyer.post(`/api/v1/flash-sales/${sale.json.id}/purchase`)).status).toBe(202);
      const result = await c.waitFor((m) => m.type === "flashsale.result", 5_000);
      expect(result.data).toEqual({ type: "flashsale.result", saleId: sale.json.id, status: "succeeded", orderId: expect.stringMatching(/^\d+$/) });
      const polled = await buyer.get(`/api/v1/flash-sales/${sale.json.id}/purchase`);
      expect(polled.json).toEqual({ status: "succeeded", orderId: result.data.orderId });
      await c.waitFor(isOrderUpdate(result.data.orderId, "pending_payment"), LIVE_WITHIN_MS);
    });

    it("counts connections, messages by type and closes by reason in /metrics", async () => {
      const before = await metricValue(bs.baseUrl, /^ws_closed_total\{reason="auth_timeout"/);
      const sent = await metricValue(bs.baseUrl, /^ws_messages_sent_total\{type="ready"/);
      const c = await ready(await bs.newCustomer());
      expect(await metricValue(bs.baseUrl, /^ws_messages_sent_total\{type="ready"/)).toBeGreaterThanOrEqual(sent + 1);
      expect(await metricValue(bs.baseUrl, /^ws_connections[{ ]/)).toBeGreaterThanOrEqual(1);
      const idle = await open();
      expect((await idle.closed).code).toBe(4401);
      await eventually(async () => expect(await metricValue(bs.baseUrl, /^ws_closed_total\{reason="auth_timeout"/)).toBe(before + 1));
      await c.close();
    });
  });
});

describe.runIf(hasRedis() || servicesRequired)("live updates: slow consumers and shutdown (embedded, Redis event bus)", () => {
  let redis: TestServer;
  let bs: TestBookstore;
  let publisher: Redis;

  beforeAll(async () => {
    redis = await startRedis();
    // A long heartbeat: the stalled client below cannot answer pings, and must see 1013, not be cut off first.
    bs = await startBookstore({
      env: {
        REDIS_URL: redis.url,
        BOOKSTORE_LIVE__MAX_BUFFERED_BYTES: "65536",
        BOOKSTORE_LIVE__HEARTBEAT_INTERVAL_MS: "60000",
        BOOKSTORE_ORDERS__PAYMENT_TIMEOUT_SECONDS: "1",
        // A pinned Snowflake worker: this suite is about sockets, not about surviving a missed lease renewal on a busy machine.
        BOOKSTORE_IDS__WORKER_ID: "1",
      },
    });
    publisher = new Redis(redis.url);
  });
  afterAll(async () => {
    publisher?.disconnect();
    await bs?.close();
    await redis?.stop();
  });

  it("tells the owner when an unpaid order expires and is cancelled by the payment-deadline job", async () => {
    const [buyer, admin] = [await bs.newCustomer(), await bs.login("admin")];
    const bookId = (await bs.request("GET", "/api/v1/books?page=1&size=1")).json.items[0].id;
    expect((await admin.put(`/api/v1/books/${bookId}/stock`, { available: 10 })).status).toBe(200);
    const c = await connectReady(bs.baseUrl, buyer.token);
    const placed = await buyer.post("/api/v1/orders", { items: [{ bookId, quantity: 1 }] }, { "Idempotency-Key": randomUUID() });
    expect(placed.status, placed.text).toBe(201);
    await c.waitFor(isOrderUpdate(placed.json.id, "pending_payment"));
    await c.waitFor(isOrderUpdate(placed.json.id, "cancelled"), 15_000);
    expect((await buyer.get(`/api/v1/orders/${placed.json.id}`)).json.status).toBe("cancelled");
    await c.close();
  });

  it("closes a socket that stops reading with 1013 instead of buffering without bound", async () => {
    const [slow, fine] = [await bs.newCustomer(), await bs.newCustomer()];
    const stuck = await connectReady(bs.baseUrl, slow.token);
    const healthy = await connectReady(bs.baseUrl, fine.token);
    // The client stops reading: first the kernel buffers fill, then the gateway's send buffer grows.
    stuck.socket.pause();
    const padding = "x".repeat(60_000);
    const flood = (userId: string, n: number) => ({ userId, message: { type: "order.updated", order: { id: String(n), status: "paid" }, padding } });
    let sent = 0;
    const slowClosedTotal = () => metricValue(bs.baseUrl, /^ws_closed_total\{reason="slow_consumer"/);
    await eventually(async () => {
      // Published on the bus the order service uses, as many times as it takes to overflow the socket.
      for (let i = 0; i < 20; i++) await publisher.publish("events:live.user", JSON.stringify(flood(slow.userId, sent++)));
      expect(await slowClosedTotal()).toBe(1);
    }, { timeoutMs: 30_000, intervalMs: 10 });
    // Once closing, nothing more is queued for it.
    const afterClose = sent;
    for (let i = 0; i < 5; i++) await publisher.publish("events:live.user", JSON.stringify(flood(slow.userId, sent++)));
    stuck.socket.resume();
    expect(await stuck.closed).toEqual({ code: 1013, reason: "client too slow: send buffer full" });
    const flooded = stuck.received((m) => m.type === "order.updated").map((m) => Number(m.data.order.id));
    expect(flooded.length).toBeGreaterThan(0);
    expect(flooded.filter((id) => id >= afterClose)).toEqual([]);
    // Other sockets are unaffected.
    await publisher.publish("events:live.user", JSON.stringify({ userId: fine.userId, message: { type: "order.updated", order: { id: "1", status: "paid" } } }));
    await healthy.waitFor((m) => m.type === "order.updated");
    expect(healthy.socket.readyState).toBe(healthy.socket.OPEN);
    await healthy.close();
  });

  it("closes every socket with 1001 when the gateway shuts down", async () => {
    const [a, b] = [await bs.newCustomer(), await bs.newCustomer()];
    const sockets = [await connectReady(bs.baseUrl, a.token), await connectReady(bs.baseUrl, b.token), await connectLive(bs.baseUrl)];
    await bs.running.app.close();
    for (const s of sockets) expect((await s.closed).code).toBe(1001);
  });
});
