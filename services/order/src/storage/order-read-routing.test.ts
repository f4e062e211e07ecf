import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import { openDatabase, type Database } from "@bookstore/platform/db";
import { Reason } from "@bookstore/platform/errors";
import { Snowflake } from "@bookstore/platform/ids";
import { createLogger } from "@bookstore/platform/logger";
import { eventually, hasMariadb, servicesRequired, startReplicatedMariadb, type ReplicatedMariadb } from "@bookstore/platform/testing";
import type { Actor } from "../domain/actor.js";
import { createOrderUseCases } from "../order-use-cases.js";
import { FakeCatalog, FakeCoupons, FakePurchases, RecordingProvider, RecordingReporter } from "../testing/fake-peers.js";
import { admin, bookId, customer, TEST_HMAC_SECRET } from "../testing/order-test-service.js";
import { KyselyCartRepository } from "./kysely-cart-repository.js";
import { KyselyCartStatsRepository } from "./kysely-cart-stats-repository.js";
import { KyselyOrderStore } from "./kysely-order-store.js";
import { migrationsFor } from "./migrations.js";
import type { OrderDb } from "./schema.js";

// A replica that stays "fresh" however far behind it falls: with its SQL thread stopped it is a deterministic stale
// copy, so a read the rules send there visibly misses what was written after the stop.
const POLICY = { freshMs: 600_000, maxLagMs: 1_200_000, probeIntervalMs: 100, readYourWritesMs: 600_000 };

const serverId = async (db: Kysely<OrderDb>) => Number((await sql<{ id: number }>`SELECT @@server_id AS id`.execute(db)).rows[0]?.id);
const actorOf = (c: ReturnType<typeof customer>, staff = false): Actor => ({ userId: c.userId, staffRead: staff, staffWrite: staff, credentials: c });

describe.runIf(hasMariadb() || servicesRequired)("order reads on a MariaDB primary + replica", () => {
  let servers: ReplicatedMariadb;
  let database: Database<OrderDb>;

  beforeAll(async () => {
    servers = await startReplicatedMariadb();
    database = await openDatabase<OrderDb>({
      service: "order",
      config: { dialect: "mysql", url: servers.primary.url, databasePrefix: "t_", poolSize: 4, replicaUrls: [servers.replica.url], replicaLag: POLICY },
      dataDir: "",
      migrations: migrationsFor,
      logger: createLogger({ level: "silent", name: "order-routing-test" }),
    });
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    await servers?.stop();
  });

  it("shows buyers their own new and cancelled orders at once while other readers use the (stalled) replica", async () => {
    const clock = new FakeClock(new Date("2026-03-01T00:00:00.000Z"));
    const catalog = new FakeCatalog();
    const store = new KyselyOrderStore(database.db, {
      clock, reader: (ctx) => database.reader(ctx), noteWrite: (userId) => database.noteWrite(userId),
    });
    const uc = createOrderUseCases({
      store, carts: new KyselyCartRepository(database.db, database.dialect, clock), cartStats: new KyselyCartStatsRepository(database.db, database.dialect), catalog, stock: catalog, coupons: new FakeCoupons(),
      purchases: new FakePurchases(), provider: new RecordingProvider(), reporter: new RecordingReporter(), clock, ids: new Snowflake(21),
      settings: { maxLinesPerOrder: 5, paymentTimeoutSeconds: 900, hmacSecret: TEST_HMAC_SECRET },
    });
    const book = bookId();
    catalog.addBook(book, 1_000, 10);
    const buyer = actorOf(customer());
    const staff = actorOf(admin(), true);
    const place = async (key: string) =>
      (await uc.placeOrder.execute(buyer, { userId: buyer.userId, idempotencyKey: key, items: [{ bookId: book, quantity: 1 }], fromCart: false, couponId: "", addressId: "" })).order;

    // Warm-up: the replica is in rotation and has everything so far; then it stops applying.
    const early = await place("early");
    await eventually(async () => {
      expect(await serverId(database.reader())).toBe(2);
      expect(await uc.getOrder.execute(staff, { id: early.id })).toMatchObject({ id: early.id });
    }, { timeoutMs: 15_000 });
    await servers.stopReplicaSql();
    try {
      const fresh = await place("fresh");
      // The buyer just wrote: their reads go to the primary.
      expect(await uc.getOrder.execute(buyer, { id: fresh.id })).toMatchObject({ id: fresh.id, status: "pending_payment" });
      const mine = await uc.listOrders.execute(buyer, { userId: buyer.userId, status: "", page: 1, size: 10 });
      expect(mine.orders.map((o) => o.id).sort()).toEqual([early.id, fresh.id].sort());
      // Staff wrote nothing: their read goes to the replica, which never saw the new order.
      await expect(uc.getOrder.execute(staff, { id: fresh.id })).rejects.toMatchObject({ reason: Reason.NOT_FOUND });
      expect((await uc.listOrders.execute(staff, { userId: buyer.userId, status: "", page: 1, size: 10 })).total).toBe(1);

      await uc.cancelOrder.execute(buyer, { id: early.id });
      expect((await uc.getOrder.execute(buyer, { id: early.id })).status).toBe("cancelled");
      expect((await uc.getOrder.execute(staff, { id: early.id })).status).toBe("pending_payment");
    } finally {
      await servers.startReplicaSql();
    }
    await eventually(async () => {
      expect((await uc.getOrder.execute(staff, { id: early.id })).status).toBe("cancelled");
      expect((await uc.listOrders.execute(staff, { userId: buyer.userId, status: "", page: 1, size: 10 })).total).toBe(2);
    }, { timeoutMs: 15_000 });
  });
});
