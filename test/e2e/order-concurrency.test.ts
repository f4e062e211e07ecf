import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  hasMariadb,
  hasRedis,
  servicesRequired,
  startRedis,
  startReplicatedMariadb,
  type ReplicatedMariadb,
  type TestServer,
} from "@bookstore/platform/testing";
import { JwtAccessTokenIssuer } from "../../services/user/src/security/jwt-access-token-issuer.js";
import { request, startBookstore, type ApiClient, type ApiResponse, type TestBookstore } from "../support/bookstore.js";

const ATTEMPTS = 1_000;
const CUSTOMERS = 250; // four concurrent attempts each
const UNITS = 100;

interface Stock {
  available: number;
  reserved: number;
}

/**
 * The production adapters with read/write splitting: every service's database on a MariaDB primary with a
 * replica (lag-aware routing), Redis for cache, carts, events and jobs. Orders run the saga for real.
 */
describe.runIf((hasMariadb() && hasRedis()) || servicesRequired)(
  "orders under concurrency on MariaDB primary + replica",
  () => {
    let servers: ReplicatedMariadb;
    beforeAll(async () => {
      servers = await startReplicatedMariadb();
    }, 120_000);
    afterAll(async () => {
      await servers?.stop();
    });

    /** A bookstore on the shared servers, its own databases (prefix) and its own redis-server. */
    function useBookstore(prefix: string, env: Record<string, string> = {}) {
      const jwtSecret = randomBytes(32).toString("hex");
      const ctx: { bs?: TestBookstore; redis?: TestServer; admin?: ApiClient } = {};
      beforeAll(async () => {
        ctx.redis = await startRedis();
        ctx.bs = await startBookstore({
          env: {
            DATABASE_URL: servers.primary.url,
            BOOKSTORE_DATABASE__REPLICA_URLS: JSON.stringify([servers.replica.url]),
            BOOKSTORE_DATABASE__DATABASE_PREFIX: prefix,
            REDIS_URL: ctx.redis.url,
            BOOKSTORE_AUTH__JWT_SECRET: jwtSecret,
            ...env,
          },
        });
        ctx.admin = await ctx.bs.login("admin");
      }, 180_000);
      afterAll(async () => {
        await ctx.bs?.close();
        await ctx.redis?.stop();
      });
      const issuer = new JwtAccessTokenIssuer(jwtSecret, 3_600);
      return {
        get bs(): TestBookstore {
          if (!ctx.bs) throw new Error("bookstore not started");
          return ctx.bs;
        },
        get admin(): ApiClient {
          if (!ctx.admin) throw new Error("bookstore not started");
          return ctx.admin;
        },
        /**
         * Customers without accounts: registering hundreds would cost an argon2 hash each and trip the register
         * limit, so tokens are signed with the run's secret exactly as login signs them (see bench/seckill-bench.ts).
         */
        async tokensFor(
          count: number,
          role: "customer" | "admin" = "customer",
        ): Promise<{ userId: string; token: string }[]> {
          // Random ids below 2^63 that no seeded account has: every run, and every call, gets its own users.
          const base = 8_800_000_000_000_000_000n + BigInt(Math.floor(Math.random() * 1e11)) * 1_000_000n;
          const permissions = role === "admin" ? ["*"] : [];
          return Promise.all(
            Array.from({ length: count }, async (_, i) => {
              const userId = String(base + BigInt(i));
              return {
                userId,
                token: (await issuer.issue({ userId, role, permissions }, new Date())).token,
              };
            }),
          );
        },
      };
    }

    const order = (base: string, token: string, body: unknown, key = `cc-${randomUUID()}`): Promise<ApiResponse> =>
      request(base, "POST", "/api/v1/orders", { token, body, headers: { "Idempotency-Key": key } });
    const get = (base: string, token: string, path: string): Promise<ApiResponse> =>
      request(base, "GET", path, { token });

    describe("with the default lag policy", () => {
      const app = useBookstore("cc_");
      let books: { id: string; priceCents: number }[] = [];
      let nextBook = 0;
      beforeAll(async () => {
        books = (await app.bs.request("GET", "/api/v1/books?page=1&size=20")).json.items;
      });
      async function freshBook(available: number): Promise<{ id: string; priceCents: number }> {
        const book = books[nextBook++];
        if (!book) throw new Error("ran out of seeded books");
        const res = await app.admin.put(`/api/v1/books/${book.id}/stock`, { available });
        expect(res.status, res.text).toBe(200);
        return book;
      }
      const stockOf = async (bookId: string): Promise<Stock> => {
        const res = await app.admin.get(`/api/v1/books/${bookId}/stock`);
        expect(res.status, res.text).toBe(200);
        return res.json;
      };

      it(`takes exactly ${UNITS} of ${ATTEMPTS} concurrent orders for ${UNITS} units, with the replica stalled mid-run`, async () => {
        const base = app.bs.baseUrl;
        const book = await freshBook(UNITS);
        const customers = await app.tokensFor(CUSTOMERS);
        const attempts = Array.from(
          { length: ATTEMPTS },
          (_, i) => customers[i % CUSTOMERS] as { userId: string; token: string },
        );

        // Stock as the API reports it while the burst runs: a consistent state at every sample, never negative.
        const samples: Stock[] = [];
        let sampling = true;
        const sampler = (async () => {
          while (sampling) {
            samples.push(await stockOf(book.id));
            await new Promise((r) => setTimeout(r, 25));
          }
        })();

        let answered = 0;
        let stalled: Promise<void> | undefined;
        const outcomes = await Promise.all(
          attempts.map(async ({ userId, token }) => {
            const placed = await order(base, token, { items: [{ bookId: book.id, quantity: 1 }] });
            // A quarter of the way in, the replica stops applying: reads must still be right.
            if (++answered === ATTEMPTS / 4) stalled = servers.stopReplicaSql();
            if (placed.status !== 201) return { placed, readBack: undefined, userId };
            // The buyer's own order, read right after placing it: never a stale replica's "not found".
            const readBack = await get(base, token, `/api/v1/orders/${placed.json.id}`);
            return { placed, readBack, userId };
          }),
        );
        await stalled;
        sampling = false;
        await sampler;

        const codes = new Map<string, number>();
        for (const { placed } of outcomes) {
          const code = placed.status === 201 ? "201" : `${placed.status} ${placed.json?.error?.code ?? placed.text}`;
          codes.set(code, (codes.get(code) ?? 0) + 1);
        }
        expect(Object.fromEntries(codes)).toEqual({ "201": UNITS, "409 OUT_OF_STOCK": ATTEMPTS - UNITS });
        const won = outcomes.filter((o) => o.placed.status === 201);
        for (const { placed, readBack, userId } of won) {
          expect(placed.json).toMatchObject({
            userId,
            status: "pending_payment",
            items: [{ bookId: book.id, quantity: 1 }],
          });
          expect(readBack?.status, readBack?.text).toBe(200);
          expect(readBack?.json).toEqual(placed.json);
        }
        expect(new Set(won.map((o) => o.placed.json.id)).size).toBe(UNITS);

        expect(samples.length).toBeGreaterThan(0);
        for (const s of samples) {
          expect(s.available).toBeGreaterThanOrEqual(0);
          expect(s.reserved).toBeGreaterThanOrEqual(0);
          expect(s.available + s.reserved).toBe(UNITS);
        }
        // Stalled replica: reads are answered by the primary, so the final counts show at once.
        expect(await stockOf(book.id)).toMatchObject({ available: 0, reserved: UNITS });

        // Every buyer's order list holds exactly their winning orders.
        const wonBy = new Map<string, number>();
        for (const o of won) wonBy.set(o.userId, (wonBy.get(o.userId) ?? 0) + 1);
        const lists = await Promise.all(
          customers.map(async (c) => ({ c, res: await get(base, c.token, "/api/v1/orders?page=1&size=10") })),
        );
        for (const { c, res } of lists) {
          expect(res.status, res.text).toBe(200);
          expect(res.json.total, c.userId).toBe(wonBy.get(c.userId) ?? 0);
        }

        await servers.startReplicaSql();
        await eventually(async () => expect(await stockOf(book.id)).toMatchObject({ available: 0, reserved: UNITS }), {
          timeoutMs: 10_000,
        });
      }, 180_000);

      it("never lets two concurrent orders of one customer hold the same coupon", async () => {
        const base = app.bs.baseUrl;
        const book = await freshBook(1_000);
        const buyer = await app.bs.newCustomer();
        const created = await app.admin.post("/api/v1/admin/coupons", { userId: buyer.userId, discountCents: 300 });
        expect(created.status, created.text).toBe(201);
        const couponId: string = created.json.id;
        const body = { items: [{ bookId: book.id, quantity: 1 }], couponId };

        const race = async (n: number) => {
          const results = await Promise.all(Array.from({ length: n }, () => order(base, buyer.token, body)));
          for (const r of results) expect([201, 409], r.text).toContain(r.status);
          const won = results.filter((r) => r.status === 201);
          // Losers fail whole: no order without the coupon they asked for, nothing left reserved.
          expect(won).toHaveLength(1);
          expect(won[0]?.json).toMatchObject({ discountCents: 300, payableCents: book.priceCents - 300 });
          return won[0]?.json.id as string;
        };
        const couponStatus = async () =>
          (await buyer.get("/api/v1/coupons")).json.items.find((c: { id: string }) => c.id === couponId)?.status;

        // Staff stock reads may come from the (fresh, ≤ 100 ms behind) replica: they converge.
        const stockIs = (expected: Stock) =>
          eventually(async () => expect(await stockOf(book.id)).toMatchObject(expected), { timeoutMs: 5_000 });

        const first = await race(40);
        expect(await couponStatus()).toBe("frozen");
        await stockIs({ available: 999, reserved: 1 });
        expect((await buyer.get("/api/v1/orders?page=1&size=100")).json.total).toBe(1);

        // Cancelling gives the coupon back, and again exactly one racer gets it.
        expect((await buyer.post(`/api/v1/orders/${first}/cancel`)).status).toBe(200);
        await eventually(async () => expect(await couponStatus()).toBe("available"), { timeoutMs: 5_000 });
        const second = await race(20);
        await stockIs({ available: 999, reserved: 1 });

        // Paid: the coupon is used for good; a later order with it is refused.
        expect((await buyer.post(`/api/v1/orders/${second}/pay`)).status).toBe(202);
        await eventually(async () => expect((await buyer.get(`/api/v1/orders/${second}`)).json.status).toBe("paid"), {
          timeoutMs: 5_000,
        });
        await eventually(async () => expect(await couponStatus()).toBe("used"), { timeoutMs: 5_000 });
        const late = await order(base, buyer.token, body);
        expect(late.status, late.text).toBe(409);
        await stockIs({ available: 999, reserved: 0 });
      }, 60_000);
    });

    // A replica that stays in rotation however far behind it falls (thresholds far above any lag here): with its SQL
    // thread stopped it is a deterministic stale copy. Only read-your-writes keeps a user's own reads right.
    describe("with a stalled replica kept in rotation", () => {
      const app = useBookstore("rw_", {
        BOOKSTORE_DATABASE__REPLICA_LAG__FRESH_MS: "600000",
        BOOKSTORE_DATABASE__REPLICA_LAG__MAX_LAG_MS: "1200000",
        BOOKSTORE_DATABASE__REPLICA_LAG__READ_YOUR_WRITES_MS: "600000",
      });

      it("shows users their own new account, address and order while others read the stale replica", async () => {
        const bs = app.bs;
        const book = (await bs.request("GET", "/api/v1/books?page=1&size=1")).json.items[0];
        expect((await app.admin.put(`/api/v1/books/${book.id}/stock`, { available: 10 })).status).toBe(200);
        // Caught up with the seeding, then frozen.
        await eventually(async () => expect((await bs.request("GET", `/api/v1/books/${book.id}`)).status).toBe(200), {
          timeoutMs: 10_000,
        });
        await servers.stopReplicaSql();
        let buyer: ApiClient | undefined;
        try {
          buyer = await bs.newCustomer();
          expect((await buyer.get("/api/v1/users/me")).json).toMatchObject({
            id: buyer.userId,
            username: buyer.username,
          });
          // Staff who never wrote anything read the replica, which never saw the account: the routing is real.
          // (Not the demo admin: seeding registered it, so its reads stay on the primary for readYourWritesMs.)
          const [staff] = await app.tokensFor(1, "admin");
          const staffView = await get(bs.baseUrl, staff?.token ?? "", `/api/v1/users/${buyer.userId}`);
          expect(staffView.status, staffView.text).toBe(404);

          const address = await buyer.post("/api/v1/users/me/addresses", {
            recipient: "Li Lei",
            phone: "13800000000",
            region: "Beijing",
            line1: "1 Chang'an Ave",
          });
          expect(address.status, address.text).toBe(201);
          expect((await buyer.get("/api/v1/users/me/addresses")).json.items.map((a: { id: string }) => a.id)).toEqual([
            address.json.id,
          ]);

          const [customer] = await app.tokensFor(1);
          if (!customer) throw new Error("no token");
          const placed = await order(bs.baseUrl, customer.token, { items: [{ bookId: book.id, quantity: 2 }] });
          expect(placed.status, placed.text).toBe(201);
          const readBack = await get(bs.baseUrl, customer.token, `/api/v1/orders/${placed.json.id}`);
          expect(readBack.status, readBack.text).toBe(200);
          expect(readBack.json).toEqual(placed.json);
          // The same order through the stale replica (a staff member's read): it is not there yet.
          expect((await get(bs.baseUrl, staff?.token ?? "", `/api/v1/orders/${placed.json.id}`)).status).toBe(404);
          expect((await get(bs.baseUrl, customer.token, "/api/v1/orders")).json.total).toBe(1);
        } finally {
          await servers.startReplicaSql();
        }
        // Caught up again: the staff view shows the account too.
        const id = buyer?.userId ?? "";
        await eventually(async () => expect((await app.admin.get(`/api/v1/users/${id}`)).status).toBe(200), {
          timeoutMs: 10_000,
        });
      }, 60_000);
    });
  },
);
