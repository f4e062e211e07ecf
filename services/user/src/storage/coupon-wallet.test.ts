import { describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import { Reason } from "@bookstore/platform/errors";
import { testDialects, useTestDatabase } from "@bookstore/platform/testing";
import { CreateCoupon } from "../domain/create-coupon.js";
import { FreezeCoupon } from "../domain/freeze-coupon.js";
import { ListCoupons } from "../domain/list-coupons.js";
import { ReleaseCoupon } from "../domain/release-coupon.js";
import { UseCoupon } from "../domain/use-coupon.js";
import { KyselyUserStore } from "./kysely-user-store.js";
import { migrationsFor } from "./migrations.js";
import type { UserDb } from "./schema.js";
import { aUser, testIds, uniqueName } from "./test-fixtures.js";

/** The order saga's view of the wallet: freeze, release and use are each idempotent per order. */
describe.each(testDialects)("coupon wallet on %s", (dialect) => {
  const t = useTestDatabase<UserDb>(dialect, "user", migrationsFor);
  const clock = new FakeClock();

  const setup = async (coupon: { discountCents?: number; minOrderCents?: number; expiresInMs?: number } = {}) => {
    const store = new KyselyUserStore(t.db.db, t.db.dialect);
    const owner = aUser();
    await store.users.insert(owner);
    const created = await new CreateCoupon({ store, clock, ids: testIds }).execute({
      userId: owner.id,
      discountCents: coupon.discountCents ?? 1000,
      minOrderCents: coupon.minOrderCents ?? 0,
      expiresAtMs: coupon.expiresInMs === undefined ? null : clock.now().getTime() + coupon.expiresInMs,
    });
    return {
      store,
      owner,
      coupon: created,
      asOwner: { userId: owner.id, staff: false },
      freeze: new FreezeCoupon({ store, clock }),
      release: new ReleaseCoupon({ store, clock }),
      use: new UseCoupon({ store, clock }),
      list: new ListCoupons({ store, clock }),
    };
  };
  const invalidState = expect.objectContaining({ reason: Reason.INVALID_STATE });

  it("freezes once per order: the same order again gets the same coupon, another order is refused", async () => {
    const w = await setup({ minOrderCents: 5000 });
    const orderId = uniqueName("o");
    const input = { couponId: w.coupon.id, userId: w.owner.id, orderId, orderCents: 5000 };
    const first = await w.freeze.execute(input);
    expect(first).toMatchObject({ status: "frozen", orderId });
    expect(await w.freeze.execute(input)).toMatchObject({ id: w.coupon.id, status: "frozen", orderId });
    await expect(w.freeze.execute({ ...input, orderId: uniqueName("o") })).rejects.toEqual(invalidState);
  });

  it("refuses a second coupon for an order that holds one (CONFLICT)", async () => {
    const w = await setup();
    const other = await new CreateCoupon({ store: w.store, clock, ids: testIds }).execute({
      userId: w.owner.id,
      discountCents: 100,
      minOrderCents: 0,
      expiresAtMs: null,
    });
    const orderId = uniqueName("o");
    await w.freeze.execute({ couponId: w.coupon.id, userId: w.owner.id, orderId, orderCents: 100 });
    await expect(
      w.freeze.execute({ couponId: other.id, userId: w.owner.id, orderId, orderCents: 100 }),
    ).rejects.toEqual(expect.objectContaining({ reason: Reason.CONFLICT }));
  });

  it("checks owner, expiry and minimum order", async () => {
    const w = await setup({ minOrderCents: 5000, expiresInMs: 60_000 });
    const base = { couponId: w.coupon.id, userId: w.owner.id, orderCents: 5000 };
    await expect(w.freeze.execute({ ...base, userId: testIds.next(), orderId: uniqueName("o") })).rejects.toEqual(
      expect.objectContaining({ reason: Reason.NOT_FOUND }),
    );
    await expect(w.freeze.execute({ ...base, orderCents: 4999, orderId: uniqueName("o") })).rejects.toEqual(
      invalidState,
    );
    clock.advance(60_000);
    await expect(w.freeze.execute({ ...base, orderId: uniqueName("o") })).rejects.toEqual(
      expect.objectContaining({
        reason: Reason.INVALID_STATE,
        details: expect.objectContaining({ status: "expired" }),
      }),
    );
    expect((await w.list.execute({ userId: w.owner.id }))[0]?.status).toBe("expired");
  });

  it("releases frozen → available; releasing again or for an unknown order is a no-op", async () => {
    const w = await setup();
    const orderId = uniqueName("o");
    await w.freeze.execute({ couponId: w.coupon.id, userId: w.owner.id, orderId, orderCents: 100 });
    await w.release.execute(w.asOwner, { orderId });
    await w.release.execute(w.asOwner, { orderId });
    await w.release.execute(w.asOwner, { orderId: uniqueName("o") });
    expect((await w.list.execute({ userId: w.owner.id }))[0]).toMatchObject({ status: "available", orderId: null });
  });

  it("never freezes again for an order that released its coupon (a late saga retry), but freezes for a new order", async () => {
    const w = await setup();
    const orderId = uniqueName("o");
    const input = { couponId: w.coupon.id, userId: w.owner.id, orderId, orderCents: 100 };
    await w.freeze.execute(input);
    await w.release.execute(w.asOwner, { orderId });
    await expect(w.freeze.execute(input)).rejects.toEqual(invalidState);
    await expect(w.use.execute(w.asOwner, { orderId })).rejects.toEqual(invalidState);
    expect((await w.list.execute({ userId: w.owner.id }))[0]).toMatchObject({ status: "available", orderId: null });
    const next = uniqueName("o");
    expect(await w.freeze.execute({ ...input, orderId: next })).toMatchObject({ status: "frozen", orderId: next });
    await w.use.execute(w.asOwner, { orderId: next });
    expect((await w.list.execute({ userId: w.owner.id }))[0]).toMatchObject({ status: "used", orderId: next });
  });

  it("uses frozen → used idempotently; a used coupon is not released", async () => {
    const w = await setup();
    const orderId = uniqueName("o");
    await w.freeze.execute({ couponId: w.coupon.id, userId: w.owner.id, orderId, orderCents: 100 });
    await w.use.execute(w.asOwner, { orderId });
    await w.use.execute(w.asOwner, { orderId });
    await w.release.execute(w.asOwner, { orderId });
    expect((await w.list.execute({ userId: w.owner.id }))[0]).toMatchObject({ status: "used", orderId });
    await expect(w.use.execute(w.asOwner, { orderId: uniqueName("o") })).rejects.toEqual(invalidState);
  });

  it("lets only the owner or staff release or use a coupon", async () => {
    const w = await setup();
    const orderId = uniqueName("o");
    await w.freeze.execute({ couponId: w.coupon.id, userId: w.owner.id, orderId, orderCents: 100 });
    const stranger = { userId: testIds.next(), staff: false };
    const forbidden = expect.objectContaining({ reason: Reason.FORBIDDEN });
    await expect(w.release.execute(stranger, { orderId })).rejects.toEqual(forbidden);
    await expect(w.use.execute(stranger, { orderId })).rejects.toEqual(forbidden);
    await w.use.execute({ userId: testIds.next(), staff: true }, { orderId });
  });

  it("refuses a coupon for a user that does not exist", async () => {
    const store = new KyselyUserStore(t.db.db, t.db.dialect);
    await expect(
      new CreateCoupon({ store, clock, ids: testIds }).execute({
        userId: testIds.next(),
        discountCents: 100,
        minOrderCents: 0,
        expiresAtMs: null,
      }),
    ).rejects.toEqual(expect.objectContaining({ reason: Reason.NOT_FOUND }));
  });
});
