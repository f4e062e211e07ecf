import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRedis, type RedisResource } from "@bookstore/platform/kv";
import { eventually, hasRedis, servicesRequired, startRedisCluster, type TestRedisCluster } from "@bookstore/platform/testing";
import { RedisCartRepository } from "./redis-cart-repository.js";

const PREFIX = "failover:cart:";
const USERS = 24;

interface Op {
  userId: string;
  startedMs: number;
  finishedMs: number;
  attempts: number;
}

/**
 * One shopper: sequential cart calls (as one browser tab makes them), each retried until it succeeds, with the
 * cart it should hold kept beside. Every read must show exactly what the successful writes left.
 */
async function shopper(carts: RedisCartRepository, userId: string, running: () => boolean, ops: Op[], mismatches: string[]): Promise<Map<string, number>> {
  const expected = new Map<string, number>();
  const call = async (work: () => Promise<void>) => {
    const op: Op = { userId, startedMs: Date.now(), finishedMs: 0, attempts: 0 };
    for (;;) {
      op.attempts++;
      try {
        await work();
        break;
      } catch {
        // A failed call is retried as a client would; the writes are idempotent (HSET of a value, HDEL).
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    op.finishedMs = Date.now();
    ops.push(op);
  };
  for (let i = 1; running(); i++) {
    await new Promise((r) => setTimeout(r, 20)); // a shopper's pace, and the machine stays usable for the cluster
    const bookId = String((i % 5) + 1);
    if (i % 4 === 0) {
      await call(() => carts.remove(userId, [bookId]));
      expected.delete(bookId);
    } else {
      await call(() => carts.setQuantity(userId, bookId, i));
      expected.set(bookId, i);
    }
    if (i % 3 === 0)
      await call(async () => {
        const lines = await carts.lines(userId);
        const want = [...expected].map(([b, q]) => ({ bookId: b, quantity: q })).sort((a, b) => Number(a.bookId) - Number(b.bookId));
        if (JSON.stringify(lines) !== JSON.stringify(want)) mismatches.push(`${userId}: ${JSON.stringify(lines)} != ${JSON.stringify(want)}`);
      });
  }
  return expected;
}

describe.runIf(hasRedis() || servicesRequired)("carts on Redis Cluster while a master fails", () => {
  let cluster: TestRedisCluster;
  let redis: RedisResource;
  beforeAll(async () => {
    cluster = await startRedisCluster();
    redis = await openRedis(cluster.url, "redis:order", { service: "order" });
  });
  afterAll(async () => {
    await redis?.close();
    await cluster?.stop();
  });

  it("keeps every cart through a SIGKILLed master's failover: calls only wait a short while, nothing is lost", async () => {
    const carts = new RedisCartRepository(redis.client, PREFIX);
    const users = Array.from({ length: USERS }, (_, i) => `${process.pid}${1000 + i}`);
    const victim = await cluster.masterOf(`${PREFIX}${users[0]}`);
    const owners = await Promise.all(users.map((u) => cluster.masterOf(`${PREFIX}${u}`)));
    const onVictim = users.filter((_, i) => owners[i]?.port === victim.port);
    expect(onVictim.length).toBeGreaterThan(1); // the failing master holds several of the carts
    expect(onVictim.length).toBeLessThan(USERS); // and the others keep working meanwhile

    let running = true;
    const ops: Op[] = [];
    const mismatches: string[] = [];
    const traffic = users.map((u) => shopper(carts, u, () => running, ops, mismatches));

    await eventually(() => expect(ops.length).toBeGreaterThan(USERS * 5), { timeoutMs: 20_000 });
    const killedAt = Date.now();
    await cluster.killMaster({ key: `${PREFIX}${users[0]}` });
    await cluster.waitUntilHealthy(30_000);
    const promotedAt = Date.now();
    const promoted = await cluster.masterOf(`${PREFIX}${users[0]}`);
    expect(promoted.port).not.toBe(victim.port);
    // Traffic goes on after the promotion until every shopper made more calls, on the new master too.
    const callsAfter = (u: string) => ops.filter((o) => o.userId === u && o.startedMs > promotedAt).length;
    await eventually(() => expect(Math.min(...users.map(callsAfter))).toBeGreaterThan(10), { timeoutMs: 30_000 });
    running = false;
    const expected = await Promise.all(traffic);

    expect(mismatches).toEqual([]);
    // Every acknowledged write is in the promoted replica: each cart is exactly what its shopper last wrote.
    for (const [i, u] of users.entries()) {
      const want = [...(expected[i] ?? new Map<string, number>())].map(([bookId, quantity]) => ({ bookId, quantity }));
      expect(await carts.lines(u)).toEqual(want.sort((a, b) => Number(a.bookId) - Number(b.bookId)));
    }
    // The retry window: the longest call (its retries included) lasted about the failover, not more.
    const longest = Math.max(...ops.map((o) => o.finishedMs - o.startedMs));
    const retried = ops.filter((o) => o.attempts > 1).length;
    console.info(`cart failover: promoted after ${promotedAt - killedAt} ms; ${ops.length} calls, ${retried} retried, longest ${longest} ms`);
    expect(longest).toBeLessThan(15_000);
  }, 90_000);
});
