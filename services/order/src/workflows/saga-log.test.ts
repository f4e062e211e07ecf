import { describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import { AppError, Reason } from "@bookstore/platform/errors";
import { Snowflake } from "@bookstore/platform/ids";
import { testDialects, useTestDatabase } from "@bookstore/platform/testing";
import type { Actor, Credentials } from "../domain/actor.js";
import type { CouponPort, FreezeCouponInput } from "../domain/coupon-port.js";
import { createOrderUseCases } from "../order-use-cases.js";
import { KyselyCartRepository } from "../storage/kysely-cart-repository.js";
import { KyselyCartStatsRepository } from "../storage/kysely-cart-stats-repository.js";
import { KyselyOrderStore } from "../storage/kysely-order-store.js";
import { migrationsFor } from "../storage/migrations.js";
import type { OrderDb } from "../storage/schema.js";
import { FakeCatalog, FakeCoupons, FakePurchases, RecordingProvider, RecordingReporter } from "../testing/fake-peers.js";
import { bookId, customer, TEST_HMAC_SECRET } from "../testing/order-test-service.js";

const LEASE_MS = 30_000;
let couponSeq = 0;

/** The coupon fake, with every call recorded in the same list as the catalog's, to see the order of effects. */
class RecordingCoupons implements CouponPort {
  constructor(private readonly inner: FakeCoupons, private readonly calls: string[]) {}
  freeze(input: FreezeCouponInput, on: Credentials) {
    this.calls.push("freeze");
    return this.inner.freeze(input, on);
  }
  release(orderId: string, on: Credentials) {
    this.calls.push("unfreeze");
    return this.inner.release(orderId, on);
  }
  use(orderId: string, on: Credentials) {
    this.calls.push("use");
    return this.inner.use(orderId, on);
  }
}

describe.each(testDialects)("place-order saga log on %s", (dialect) => {
  const t = useTestDatabase<OrderDb>(dialect, "order", migrationsFor);

  function setup(opts: { pause?: () => Promise<void> } = {}) {
    const clock = new FakeClock(new Date("2026-03-01T00:00:00.000Z"));
    const catalog = new FakeCatalog();
    const couponFake = new FakeCoupons();
    const coupons = new RecordingCoupons(couponFake, catalog.calls);
    const reporter = new RecordingReporter();
    const store = new KyselyOrderStore(t.db.db, { clock });
    const uc = createOrderUseCases({
      store, carts: new KyselyCartRepository(t.db.db, t.db.dialect, clock), cartStats: new KyselyCartStatsRepository(t.db.db, t.db.dialect), catalog, stock: catalog, coupons,
      purchases: new FakePurchases(), provider: new RecordingProvider(), reporter, clock, ids: new Snowflake(11),
      settings: { maxLinesPerOrder: 5, paymentTimeoutSeconds: 900, hmacSecret: TEST_HMAC_SECRET },
      saga: { leaseMs: LEASE_MS, maxAttempts: 3, pauseAfterReserve: opts.pause },
    });
    const book = bookId();
    catalog.addBook(book, 1_000, 10);
    const caller = customer();
    const buyer: Actor = { userId: caller.userId, staffRead: false, staffWrite: false, credentials: caller };
    const couponId = String(6_000_000_000_000_000_000n + BigInt(++couponSeq));
    couponFake.coupons.set(couponId, { userId: buyer.userId, discountCents: 300, status: "available" });
    const place = (key: string, withCoupon = true) =>
      uc.placeOrder.execute(buyer, {
        userId: buyer.userId, idempotencyKey: key, items: [{ bookId: book, quantity: 2 }], fromCart: false,
        couponId: withCoupon ? couponId : "", addressId: "",
      });
    const couponStatus = () => couponFake.coupons.get(couponId)?.status;
    return { uc, store, clock, catalog, coupons: couponFake, reporter, book, buyer, couponId, couponStatus, place };
  }

  it("logs create-order, reserve-stock, freeze-coupon in order and completes the saga", async () => {
    const s = setup();
    const { order } = await s.place("ok");
    expect(await s.store.sagas.byOrderId(order.id)).toMatchObject({ state: "completed", currentStep: "freeze-coupon", attempts: 0, idemKey: "ok" });
    const steps = await s.store.sagas.steps(order.id);
    expect(steps.map((x) => [x.seq, x.step, x.status])).toEqual([
      [0, "create-order", "done"],
      [1, "reserve-stock", "done"],
      [2, "freeze-coupon", "done"],
    ]);
    expect(JSON.parse(steps[2]?.input ?? "{}")).toMatchObject({ couponId: s.couponId, orderCents: 2_000 });
    expect(s.catalog.calls).toEqual(["reserve", "freeze"]);
    expect([s.catalog.stockOf(s.book), s.couponStatus()]).toEqual([8, "frozen"]);
    // Paying a completed saga's order is allowed; the payment confirms and uses through the same keys.
    await expect(s.uc.payOrder.execute(s.buyer, { id: order.id })).resolves.toMatchObject({ status: "pending" });
  });

  it("compensates in reverse order when a step fails, removes the order and frees the key", async () => {
    const s = setup();
    s.coupons.failFreeze = new AppError(Reason.INVALID_STATE, "coupon is used");
    await expect(s.place("bad")).rejects.toMatchObject({ reason: Reason.INVALID_STATE });
    // The freeze was logged as running before it failed, so it is compensated too (a no-op here), before the stock.
    expect(s.catalog.calls).toEqual(["reserve", "freeze", "unfreeze", "release"]);
    expect(s.catalog.stockOf(s.book)).toBe(10);
    const listed = await s.uc.listOrders.execute(s.buyer, { userId: s.buyer.userId, status: "", page: 1, size: 10 });
    expect(listed.total).toBe(0);
    s.coupons.failFreeze = undefined;
    const again = await s.place("bad");
    expect(again.replayed).toBe(false);
    const failed = (await t.db.db.selectFrom("sagas").select(["order_id", "state"]).where("user_id", "=", s.buyer.userId).where("state", "=", "compensated").execute());
    expect(failed).toHaveLength(1);
    const steps = await s.store.sagas.steps(String(failed[0]?.order_id));
    expect(steps.map((x) => [x.step, x.status])).toEqual([
      ["create-order", "compensated"],
      ["reserve-stock", "compensated"],
      ["freeze-coupon", "compensated"],
    ]);
  });

  it("re-runs a logged step and its compensation idempotently (same key → one reservation, one release)", async () => {
    const s = setup();
    const { order } = await s.place("rerun", false);
    const log = s.store.sagas;
    const now = s.clock.now().getTime();
    // A re-run of step 1, as a resumed saga would do it: logged again, run again, no second reservation.
    await log.transition(order.id, ["completed"], "running", now);
    expect(await log.stepStarted(order.id, 1, "reserve-stock", "{}", now)).toBe(true);
    await s.catalog.reserve(order.id, [{ bookId: s.book, quantity: 2 }], s.buyer.credentials);
    await log.stepFinished(order.id, 1, "done", now);
    expect((await log.steps(order.id)).map((x) => x.status)).toEqual(["done", "done"]);
    expect(s.catalog.stockOf(s.book)).toBe(8);
    // Compensate, then compensate again: the second pass finds nothing left to do.
    await log.transition(order.id, ["running"], "compensating", now);
    const saga = await log.byOrderId(order.id);
    if (!saga) throw new Error("saga missing");
    s.clock.advance(LEASE_MS + 1);
    expect((await s.uc.recoverSagas.execute()).compensated).toBe(1);
    expect((await s.uc.recoverSagas.execute()).compensated).toBe(0);
    await s.catalog.release(order.id, s.buyer.credentials);
    expect(s.catalog.stockOf(s.book)).toBe(10);
    expect(await log.byOrderId(order.id)).toMatchObject({ state: "compensated", attempts: 1 });
  });

  it("recovers a saga whose process died between stock and coupon: compensated, and the zombie is fenced off", async () => {
    let resume: () => void = () => undefined;
    const gate = new Promise<void>((r) => (resume = r));
    const s = setup({ pause: () => gate });
    const placing = s.place("crash");
    await expect.poll(() => s.catalog.calls).toEqual(["reserve"]);
    expect(s.catalog.stockOf(s.book)).toBe(8);
    // A retry of the key meanwhile gets 409 CONFLICT, not an order that may yet be undone.
    await expect(s.place("crash")).rejects.toMatchObject({ reason: Reason.CONFLICT });
    // Nor can the order be cancelled or paid mid-saga: the saga owns its stock and coupon until it ends.
    const [mid] = await t.db.db.selectFrom("sagas").select("order_id").where("user_id", "=", s.buyer.userId).execute();
    const midId = String(mid?.order_id);
    await expect(s.uc.cancelOrder.execute(s.buyer, { id: midId })).rejects.toMatchObject({ reason: Reason.INVALID_STATE });
    await expect(s.uc.payOrder.execute(s.buyer, { id: midId })).rejects.toMatchObject({ reason: Reason.INVALID_STATE });
    // Not stale yet: a live process may still be working on it.
    expect(await s.uc.recoverSagas.execute()).toEqual({ compensated: 0, completed: 0, failed: 0, retrying: 0 });
    s.clock.advance(LEASE_MS + 1);
    expect(await s.uc.recoverSagas.execute()).toMatchObject({ compensated: 1 });
    expect([s.catalog.stockOf(s.book), s.couponStatus()]).toEqual([10, "available"]);
    // The "dead" process wakes up: its next step finds the saga taken over, writes nothing, freezes nothing.
    resume();
    await expect(placing).rejects.toMatchObject({ reason: Reason.UNAVAILABLE });
    expect(s.couponStatus()).toBe("available");
    expect(s.catalog.calls).toEqual(["reserve", "release"]);
    const rows = await t.db.db.selectFrom("sagas").select("state").where("user_id", "=", s.buyer.userId).execute();
    expect(rows.map((r) => r.state)).toEqual(["compensated"]);
  });

  it("keeps retrying a compensation whose peer is down, then marks the saga failed after maxAttempts", async () => {
    const s = setup();
    s.coupons.failFreeze = new AppError(Reason.UNAVAILABLE, "user service down");
    s.catalog.failNext = { op: "release", error: new AppError(Reason.UNAVAILABLE, "catalog down") };
    await expect(s.place("down")).rejects.toMatchObject({ reason: Reason.UNAVAILABLE });
    const [row] = await t.db.db.selectFrom("sagas").select(["order_id", "state"]).where("user_id", "=", s.buyer.userId).execute();
    expect(row?.state).toBe("compensating");
    const orderId = String(row?.order_id);
    // Fenced: the order is cancelled, so it cannot be paid while its stock goes back.
    expect((await s.store.orders.byId(orderId))?.status).toBe("cancelled");
    await expect(s.uc.payOrder.execute(s.buyer, { id: orderId })).rejects.toMatchObject({ reason: Reason.INVALID_STATE });
    s.clock.advance(LEASE_MS + 1);
    expect(await s.uc.recoverSagas.execute()).toMatchObject({ compensated: 1 });
    expect(s.catalog.stockOf(s.book)).toBe(10);
    expect(await s.store.orders.byId(orderId)).toBeUndefined();

    // A saga nobody can compensate ends "failed" after maxAttempts (3) passes, reported for an operator.
    await s.place("stuck", false);
    const [stuck] = await t.db.db.selectFrom("sagas").select("order_id").where("idem_key", "=", "stuck").where("user_id", "=", s.buyer.userId).execute();
    const stuckId = String(stuck?.order_id);
    await s.store.sagas.transition(stuckId, ["completed"], "compensating", s.clock.now().getTime());
    for (let i = 0; i < 3; i++) {
      s.catalog.failNext = { op: "release", error: new AppError(Reason.UNAVAILABLE, "catalog down") };
      s.clock.advance(LEASE_MS + 1);
      expect(await s.uc.recoverSagas.execute()).toMatchObject({ retrying: 1 });
    }
    s.clock.advance(LEASE_MS + 1);
    expect(await s.uc.recoverSagas.execute()).toMatchObject({ failed: 1 });
    expect(await s.store.sagas.byOrderId(stuckId)).toMatchObject({ state: "failed", attempts: 4 });
    expect(s.reporter.reports.map((r) => r.effect)).toContain("saga_failed");
  });

  it("lets exactly one of two recovering processes claim a stale saga", async () => {
    const s = setup();
    const { order } = await s.place("claim", false);
    await s.store.sagas.transition(order.id, ["completed"], "running", s.clock.now().getTime());
    s.clock.advance(LEASE_MS + 1);
    const [stale] = await s.store.sagas.stale(s.clock.now().getTime() - LEASE_MS, 10).then((all) => all.filter((x) => x.orderId === order.id));
    if (!stale) throw new Error("saga not stale");
    const claims = await Promise.all([s.store.sagas.claim(stale, s.clock.now().getTime()), s.store.sagas.claim(stale, s.clock.now().getTime())]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await s.store.sagas.stepStarted(order.id, 3, "freeze-coupon", "{}", s.clock.now().getTime())).toBe(false);
  });
});
