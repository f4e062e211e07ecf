import { describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import { AppError } from "@bookstore/platform/errors";
import { Snowflake } from "@bookstore/platform/ids";
import { createLogger } from "@bookstore/platform/logger";
import { redisAvailable, testDialects, useTestDatabase, useTestRedisTopology } from "@bookstore/platform/testing";
import { KyselyOrderStore } from "../storage/kysely-order-store.js";
import { migrationsFor } from "../storage/migrations.js";
import type { OrderDb } from "../storage/schema.js";
import { FakeCatalog, RecordingReporter } from "../testing/fake-peers.js";
import type { FlashSaleActor } from "./domain/flash-sale-actor.js";
import { unitKey } from "./domain/flash-sale.js";
import { buildFlashSales } from "./flash-sale-module.js";
import { saleKeys } from "./storage/redis-purchase-gate.js";

const redisDialect = testDialects.includes("mysql") ? ("mysql" as const) : ("sqlite" as const);
const combos: { dialect: "sqlite" | "mysql"; gate: "sql" | "redis" | "redis-cluster" }[] = [
  ...testDialects.map((dialect) => ({ dialect, gate: "sql" as const })),
  // The Lua gate on one server and on a 3 + 3 Cluster (its three keys share the sale's hash tag).
  ...(redisAvailable ? [{ dialect: redisDialect, gate: "redis" as const }, { dialect: redisDialect, gate: "redis-cluster" as const }] : []),
];

let seq = 0;
const userId = () => String(8_300_000_000_000_000_000n + BigInt(process.pid) * 100_000n + BigInt(++seq));
const actor = (id = userId(), canManage = false): FlashSaleActor => ({
  userId: id, canManage, credentials: { userId: id, role: canManage ? "admin" : "customer", permissions: canManage ? ["*"] : [] },
});
const reason = (p: Promise<unknown>) => p.then(() => "ok", (e: unknown) => (e instanceof AppError ? e.reason : `other: ${String(e)}`));

describe.each(combos)("flash sales on $dialect with the $gate gate", ({ dialect, gate }) => {
  const t = useTestDatabase<OrderDb>(dialect, "order", migrationsFor);
  const r = gate === "sql" ? undefined : useTestRedisTopology(gate === "redis" ? "standalone" : "cluster");

  function setup(opts: { stock?: number } = {}) {
    // Near real time: Redis expires the keys by its own clock.
    const clock = new FakeClock(new Date(Math.floor(Date.now() / 1000) * 1000));
    const catalog = new FakeCatalog();
    const bookId = String(7_100_000_000_000_000_000n + BigInt(++seq));
    const deadlines: { orderId: string; dueAtMs: number }[] = [];
    catalog.addBook(bookId, 5_900, opts.stock ?? 1_000, "秒杀之书");
    const module = buildFlashSales({
      db: t.db, redis: r?.redis.client, catalog, reporter: new RecordingReporter(), clock, ids: new Snowflake(3),
      logger: createLogger({ level: "silent", name: "flash-test" }),
      deadlines: { schedule: async (orderId, dueAtMs) => void deadlines.push({ orderId, dueAtMs }) },
      settings: {
        pollMs: 50, batchSize: 100, maxQuantity: 1_000, reserveConcurrency: 4, releaseGraceSeconds: 60, releaseEveryMs: 1_000,
        paymentTimeoutSeconds: 900,
      },
    });
    const uc = module.useCases;
    const admin = actor(userId(), true);
    const nowMs = clock.now().getTime();
    const createSale = (quantity: number, startsInMs = 0) =>
      uc.createFlashSale.execute(admin, { bookId, priceCents: 990, quantity, startsAtMs: nowMs + startsInMs, endsAtMs: nowMs + 3_600_000 });
    const buy = (who: FlashSaleActor, saleId: string) => uc.purchaseFlashSale.execute(who, { saleId });
    const drain = () => module.worker.drain();
    return { clock, deadlines, catalog, bookId, module, uc, admin, createSale, buy, drain, orders: new KyselyOrderStore(t.db.db).orders };
  }

  it("creating a sale holds one catalog reservation per unit; too little stock stores nothing and holds nothing", async () => {
    const s = setup({ stock: 10 });
    const sale = await s.createSale(4);
    expect(sale).toMatchObject({ quantity: 4, remaining: 4, priceCents: 990 });
    expect(s.catalog.stockOf(s.bookId)).toBe(6);
    expect([...s.catalog.reservations.keys()].sort()).toEqual([0, 1, 2, 3].map((u) => unitKey(sale.id, u)).sort());

    expect(await reason(s.createSale(7))).toBe("OUT_OF_STOCK");
    expect(s.catalog.stockOf(s.bookId)).toBe(6);
    expect(s.catalog.reservations.size).toBe(4);
    expect((await s.uc.listFlashSales.execute({ page: 1, size: 100 })).sales.filter((x) => x.bookId === s.bookId)).toHaveLength(1);
    expect(await reason(s.uc.createFlashSale.execute(actor(), { bookId: s.bookId, priceCents: 1, quantity: 1, startsAtMs: 1, endsAtMs: 2 })))
      .toBe("FORBIDDEN");
  });

  it("one unit per user, sold out after quantity, refused outside the window; the worker makes a pending order at the sale price", async () => {
    const s = setup();
    const later = await s.createSale(2, 60_000);
    expect(await reason(s.buy(actor(), later.id))).toBe("INVALID_STATE");

    const sale = await s.createSale(2);
    const [a, b, c] = [actor(), actor(), actor()];
    expect((await s.buy(a, sale.id)).status).toBe("queued");
    expect(await reason(s.buy(a, sale.id))).toBe("CONFLICT");
    await s.buy(b, sale.id);
    expect(await reason(s.buy(c, sale.id))).toBe("OUT_OF_STOCK");
    expect(await reason(s.buy(a, sale.id))).toBe("CONFLICT");
    expect((await s.uc.getFlashSale.execute({ id: sale.id })).remaining).toBe(0);
    expect(await reason(s.uc.getFlashSalePurchase.execute(c, { saleId: sale.id }))).toBe("NOT_FOUND");

    await s.drain();
    const done = await s.uc.getFlashSalePurchase.execute(a, { saleId: sale.id });
    expect(done.status).toBe("succeeded");
    const order = await s.orders.byId(done.orderId ?? "");
    expect(order).toMatchObject({ userId: a.userId, status: "pending_payment", totalCents: 990, payableCents: 990 });
    expect(order?.items).toEqual([{ bookId: s.bookId, title: "秒杀之书", quantity: 1, priceCents: 990 }]);
    expect(s.deadlines).toContainEqual({ orderId: done.orderId, dueAtMs: order?.expiresAtMs });
    expect(s.deadlines).toHaveLength(2);

    s.clock.advance(3_600_000);
    expect(await reason(s.buy(actor(), sale.id))).toBe("INVALID_STATE");
  });

  it("200 concurrent buyers on 50 units: exactly 50 accepted with distinct units, remaining 0, exactly 50 orders", async () => {
    const s = setup();
    const sale = await s.createSale(50);
    const results = await Promise.all(Array.from({ length: 200 }, () => reason(s.buy(actor(), sale.id))));
    expect(results.filter((x) => x === "ok")).toHaveLength(50);
    expect(results.filter((x) => x === "OUT_OF_STOCK")).toHaveLength(150);
    expect((await s.uc.getFlashSale.execute({ id: sale.id })).remaining).toBe(0);

    // One user hammering concurrently still gets one unit.
    const other = await s.createSale(5);
    const same = actor();
    const mine = await Promise.all(Array.from({ length: 20 }, () => reason(s.buy(same, other.id))));
    expect(mine.filter((x) => x === "ok")).toHaveLength(1);
    expect(mine.filter((x) => x === "CONFLICT")).toHaveLength(19);

    await s.drain();
    const purchases = await t.db.db
      .withTables<{ flash_sale_purchases: { sale_id: string; unit: number; status: string; order_id: string | null } }>()
      .selectFrom("flash_sale_purchases").selectAll().where("sale_id", "=", sale.id).execute();
    expect(purchases).toHaveLength(50);
    expect(new Set(purchases.map((p) => Number(p.unit)))).toEqual(new Set(Array.from({ length: 50 }, (_, i) => i)));
    expect(purchases.every((p) => p.status === "succeeded" && p.order_id !== null)).toBe(true);
    expect(new Set(purchases.map((p) => String(p.order_id))).size).toBe(50);
  });

  it("a sale order pays for and gives back its own unit; unsold units go back to the catalog after the sale", async () => {
    const s = setup({ stock: 10 });
    const sale = await s.createSale(3);
    const [a, b] = [actor(), actor()];
    await s.buy(a, sale.id);
    await s.buy(b, sale.id);
    await s.drain();
    const orderA = (await s.uc.getFlashSalePurchase.execute(a, { saleId: sale.id })).orderId ?? "";
    const orderB = (await s.uc.getFlashSalePurchase.execute(b, { saleId: sale.id })).orderId ?? "";
    expect(s.catalog.stockOf(s.bookId)).toBe(7);

    await s.module.stock.confirm(orderA, s.admin.credentials); // payment
    await s.module.stock.release(orderB, s.admin.credentials); // cancel or expiry: back to the catalog, not the sale
    expect(s.catalog.confirmed.has(unitKey(sale.id, 2)) || s.catalog.confirmed.has(unitKey(sale.id, 1))).toBe(true);
    expect(s.catalog.stockOf(s.bookId)).toBe(8);
    expect((await s.uc.getFlashSale.execute({ id: sale.id })).remaining).toBe(1);

    s.clock.advance(3_600_000 + 60_000);
    await s.module.worker.drain();
    await s.module.releaseUnsold.execute();
    expect(s.catalog.stockOf(s.bookId)).toBe(9); // the unsold unit; the paid one stays sold, the released one is not doubled
    expect(s.catalog.reservations.has(unitKey(sale.id, 0))).toBe(false);
    await s.module.releaseUnsold.execute();
    expect(s.catalog.stockOf(s.bookId)).toBe(9);
  });

  if (gate !== "sql")
    it("lists the live remaining count of many sales at once (on a Cluster their keys sit on every master)", async () => {
      const s = setup();
      const sales = [];
      for (let i = 0; i < 8; i++) sales.push(await s.createSale(3));
      for (const [i, sale] of sales.entries()) for (let k = 0; k < i % 3; k++) await s.buy(actor(), sale.id);
      if (r?.cluster) {
        const masters = await Promise.all(sales.map(async (sale) => (await r.cluster?.masterOf(saleKeys(sale.id)[0]))?.port));
        expect(new Set(masters).size).toBeGreaterThan(1);
      }
      const listed = (await s.uc.listFlashSales.execute({ page: 1, size: 100 })).sales.filter((x) => x.bookId === s.bookId);
      expect(new Map(listed.map((x) => [x.id, x.remaining]))).toEqual(new Map(sales.map((sale, i) => [sale.id, 3 - (i % 3)])));
    });

  if (gate !== "sql")
    it("rebuilds lost Redis keys from the purchase rows without handing a unit out twice", async () => {
      const s = setup();
      const sale = await s.createSale(5);
      const [a, b] = [actor(), actor()];
      const first = await s.buy(a, sale.id);
      await r?.redis.client.del(...saleKeys(sale.id));
      expect(await reason(s.buy(a, sale.id))).toBe("CONFLICT");
      const second = await s.buy(b, sale.id);
      expect(second.unit).toBeLessThan(first.unit);
      expect((await s.uc.getFlashSale.execute({ id: sale.id })).remaining).toBe(second.unit);
    });
});
