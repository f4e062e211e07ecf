import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRedis } from "@bookstore/platform/kv";
import { keysEverywhere, REDIS_TOPOLOGIES, redisAvailable, startRedis, startRedisCluster } from "@bookstore/platform/testing";
import { startBookstore, type TestBookstore } from "../support/bookstore.js";

const limits = (perIp: number, perUser: number, auth: number) => ({
  BOOKSTORE_RATE_LIMIT__PER_IP_PER_MINUTE: String(perIp),
  BOOKSTORE_RATE_LIMIT__PER_USER_PER_MINUTE: String(perUser),
  BOOKSTORE_RATE_LIMIT__AUTH_PER_IP_PER_MINUTE: String(auth),
});

async function statuses(n: number, call: () => Promise<{ status: number }>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await call()).status);
  return out;
}

describe("rate limits (embedded, in-memory counters)", () => {
  let bs: TestBookstore;
  beforeAll(async () => {
    bs = await startBookstore({ env: limits(1_000, 8, 4) });
  });
  afterAll(() => bs?.close());

  it("limits login/register per IP (brute-force guard) with 429 RATE_LIMITED and Retry-After", async () => {
    const tries = await statuses(5, () => bs.request("POST", "/api/v1/auth/login", { body: { username: "nobody", password: "wrong-password-1" } }));
    expect(tries.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(tries[4]).toBe(429);
    const res = await bs.request("POST", "/api/v1/auth/register", { body: { username: "late", email: "late@example.com", password: "a-long-password-1" } });
    expect(res.status).toBe(429);
    expect(res.json).toMatchObject({ error: { code: "RATE_LIMITED" } });
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await bs.request("GET", "/api/v1/books?size=1")).status).toBe(200); // other routes are not affected
  });

  it("limits each signed-in user separately, wherever they connect from", async () => {
    // Sessions were opened above the limit on purpose: tokens come from the seeding path, not /auth/login.
    const a = await tokenFor(bs, "customer");
    const b = await tokenFor(bs, "viewer");
    const seenA = await statuses(9, () => bs.request("GET", "/api/v1/cart", { token: a }));
    expect(seenA.slice(0, 8).every((s) => s === 200)).toBe(true);
    expect(seenA[8]).toBe(429);
    expect((await bs.request("GET", "/api/v1/users/me", { token: b })).status).toBe(200);
    expect((await bs.request("GET", "/healthz")).status).toBe(200); // ops endpoints are never limited
  });
});

/** Signs in without going through the (already exhausted) auth limit: a second bookstore instance is overkill. */
async function tokenFor(bs: TestBookstore, username: string): Promise<string> {
  const res = await fetch(`${bs.baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": `10.0.0.${username.length}` },
    body: JSON.stringify({ username, password: `bookstore-${username}` }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

describe.runIf(redisAvailable).each(REDIS_TOPOLOGIES)("rate limits (production, counters in Redis, %s)", (topology) => {
  let redis: { url: string; stop(): Promise<void> };
  let bs: TestBookstore;
  beforeAll(async () => {
    redis = topology === "cluster" ? await startRedisCluster() : await startRedis();
    bs = await startBookstore({ env: { REDIS_URL: redis.url, ...limits(6, 1_000, 1_000) } });
  });
  afterAll(async () => {
    await bs?.close();
    await redis?.stop();
  });

  it("counts per IP in Redis, so every gateway instance shares the window", async () => {
    const seen = await statuses(7, () => bs.request("GET", "/api/v1/categories"));
    expect(seen.slice(0, 6).every((s) => s === 200)).toBe(true);
    expect(seen[6]).toBe(429);
    const kv = await openRedis(redis.url);
    const keys = await keysEverywhere(kv.client, "bookstore:ratelimit:*");
    await kv.close();
    expect(keys.length).toBeGreaterThan(0);
  });
});
