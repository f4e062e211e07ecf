import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, hasRedis, keysEverywhere, servicesRequired, startRedisCluster, type TestRedisCluster } from "@bookstore/platform/testing";
import { openRedis, type RedisResource } from "@bookstore/platform/kv";
import { startBookstore, type ApiClient, type ApiResponse, type TestBookstore } from "../support/bookstore.js";
import { purchaseJourney } from "../support/purchase-journey.js";

interface Cart {
  items: { bookId: string; quantity: number }[];
}

/**
 * The bookstore with REDIS_URL pointing at a 3-master + 3-replica Redis Cluster: carts, L2 cache, rate limits,
 * pub/sub, Streams, BullMQ, flash-sale gate and Snowflake leases all on it, through the one client factory.
 */
describe.runIf(hasRedis() || servicesRequired)("the bookstore on Redis Cluster", () => {
  let cluster: TestRedisCluster;
  let bs: TestBookstore;
  let kv: RedisResource;
  beforeAll(async () => {
    cluster = await startRedisCluster();
    bs = await startBookstore({ env: { REDIS_URL: cluster.url, BOOKSTORE_FLASH_SALES__POLL_MS: "50" } });
    kv = await openRedis(cluster.url);
  }, 120_000);
  afterAll(async () => {
    await kv?.close();
    await bs?.close();
    await cluster?.stop();
  });

  it("runs the purchase journey, with its state in the cluster", async () => {
    const { book } = await purchaseJourney(bs.baseUrl);
    expect(book.id).toMatch(/^\d+$/);
    expect(await keysEverywhere(kv.client, "{stream:*")).not.toEqual([]); // domain events went through Streams
    expect(await keysEverywhere(kv.client, "{bookstore}:snowflake:lease:*")).toHaveLength(1); // this process's worker id
  });

  it("reports every check ready in /readyz", async () => {
    const ready = await bs.request("GET", "/readyz");
    expect(ready.status, ready.text).toBe(200);
    expect(Object.values(ready.json.checks).every(Boolean)).toBe(true);
  });

  it("sells a flash sale through the Lua gate (one slot per sale) and BullMQ (hash-tagged prefix)", async () => {
    const admin = await bs.login("admin");
    const book = (await bs.request("GET", "/api/v1/books?page=1&size=1")).json.items[0] as { id: string };
    const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
    const created = await admin.post("/api/v1/admin/flash-sales", { bookId: book.id, priceCents: 990, quantity: 1, startsAt: iso(-1_000), endsAt: iso(3_600_000) });
    expect(created.status, created.text).toBe(201);
    const [alice, bob] = [await bs.newCustomer(), await bs.newCustomer()];
    expect((await alice.post(`/api/v1/flash-sales/${created.json.id}/purchase`)).status).toBe(202);
    const soldOut = await bob.post(`/api/v1/flash-sales/${created.json.id}/purchase`);
    expect([soldOut.status, soldOut.json.error.code]).toEqual([409, "OUT_OF_STOCK"]);
    const done = await eventually(async () => {
      const res = await alice.get(`/api/v1/flash-sales/${created.json.id}/purchase`);
      expect(res.json.status).toBe("succeeded");
      return res.json as { orderId: string };
    }, { timeoutMs: 10_000 });
    expect((await alice.get(`/api/v1/orders/${done.orderId}`)).json).toMatchObject({ status: "pending_payment", totalCents: 990 });
  });

  // Last: it leaves the cluster with one master fewer.
  it("keeps a customer's cart through the failover of the master holding it; calls succeed again within seconds", async () => {
    const shopper = await bs.newCustomer();
    const books = (await bs.request("GET", "/api/v1/books?page=1&size=6")).json.items as { id: string }[];
    const want = new Map<string, number>();
    for (const [i, b] of books.slice(0, 3).entries()) {
      expect((await shopper.post("/api/v1/cart/items", { bookId: b.id, quantity: i + 1 })).status).toBe(200);
      want.set(b.id, i + 1);
    }
    const cartKey = `bookstore:cart:${shopper.userId}`;
    expect(await kv.client.exists(cartKey)).toBe(1);
    const victim = await cluster.masterOf(cartKey);

    const killedAt = Date.now();
    await cluster.killMaster({ key: cartKey });
    // Cart traffic straight through the failover: each call is retried by the client until it succeeds.
    let failed = 0;
    const untilOk = async (call: () => Promise<ApiResponse>) =>
      eventually(async () => {
        const res = await call();
        if (res.status !== 200) failed++;
        expect(res.status, res.text).toBe(200);
        return res.json as Cart;
      }, { timeoutMs: 20_000, intervalMs: 200 });
    for (const b of books.slice(3)) {
      await untilOk(() => shopper.post("/api/v1/cart/items", { bookId: b.id, quantity: 1 }));
      want.set(b.id, 1);
    }
    const firstBook = books[0]?.id ?? "";
    await untilOk(() => shopper.patch(`/api/v1/cart/items/${firstBook}`, { quantity: 9 }));
    want.set(firstBook, 9);
    const recoveredMs = Date.now() - killedAt;

    expect((await cluster.masterOf(cartKey)).port).not.toBe(victim.port); // the replica took over
    const cart = await untilOk(() => cartOf(shopper));
    expect(new Map(cart.items.map((l) => [l.bookId, l.quantity]))).toEqual(want);
    console.info(`gateway cart failover: all cart calls done ${recoveredMs} ms after the kill, ${failed} answers were not 200`);
    expect(recoveredMs).toBeLessThan(20_000);
  }, 60_000);
});

const cartOf = (c: ApiClient) => c.get("/api/v1/cart");
