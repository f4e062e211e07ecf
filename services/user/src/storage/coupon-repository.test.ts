import { describe, expect, it } from "vitest";
import { Reason } from "@bookstore/platform/errors";
import { testDialects, useTestDatabase } from "@bookstore/platform/testing";
import { KyselyCouponRepository } from "./kysely-coupon-repository.js";
import { migrationsFor } from "./migrations.js";
import type { UserDb } from "./schema.js";
import { aCoupon, testIds, uniqueName } from "./test-fixtures.js";

describe.each(testDialects)("coupon repository on %s", (dialect) => {
  const t = useTestDatabase<UserDb>(dialect, "user", migrationsFor);
  const repo = () => new KyselyCouponRepository(t.db.db);

  it("stores coupons and lists a user's newest first", async () => {
    const userId = testIds.next();
    const a = aCoupon(userId, { expiresAtMs: 99_000, minOrderCents: 5000 });
    const b = aCoupon(userId);
    await repo().insert(a);
    await repo().insert(b);
    await repo().insert(aCoupon(testIds.next()));
    expect(await repo().listByUser(userId)).toEqual([b, a]);
    expect(await repo().byId(a.id)).toEqual(a);
  });

  it("freezes an available coupon once: a second freeze finds it no longer available", async () => {
    const c = aCoupon(testIds.next());
    await repo().insert(c);
    const orderId = uniqueName("o");
    expect(await repo().freeze(c.id, orderId, 2_000)).toBe(true);
    expect(await repo().freeze(c.id, uniqueName("o"), 3_000)).toBe(false);
    expect(await repo().byOrderId(orderId)).toMatchObject({ id: c.id, status: "frozen", orderId, updatedAtMs: 2_000 });
  });

  it("lets one order hold one coupon only", async () => {
    const userId = testIds.next();
    const a = aCoupon(userId);
    const b = aCoupon(userId);
    await repo().insert(a);
    await repo().insert(b);
    const orderId = uniqueName("o");
    await repo().freeze(a.id, orderId, 2_000);
    await expect(repo().freeze(b.id, orderId, 2_000)).rejects.toEqual(
      expect.objectContaining({ reason: Reason.CONFLICT }),
    );
    expect(await repo().byId(b.id)).toMatchObject({ status: "available", orderId: null });
  });

  it("releases frozen → available (detached) and uses frozen → used, each once", async () => {
    const c = aCoupon(testIds.next());
    await repo().insert(c);
    const first = uniqueName("o");
    await repo().freeze(c.id, first, 2_000);
    expect(await repo().release(c.id, 3_000)).toBe(true);
    expect(await repo().release(c.id, 3_500)).toBe(false);
    expect(await repo().byId(c.id)).toMatchObject({ status: "available", orderId: null });
    // The releasing order stays as a tombstone, so the saga's late freeze for it can be refused.
    expect(await repo().byOrderId(first)).toMatchObject({ id: c.id, status: "available", orderId: null, releasedFor: first });

    const second = uniqueName("o");
    await repo().freeze(c.id, second, 4_000);
    expect(await repo().markUsed(c.id, 5_000)).toBe(true);
    expect(await repo().markUsed(c.id, 6_000)).toBe(false);
    expect(await repo().release(c.id, 6_000)).toBe(false);
    expect(await repo().byOrderId(second)).toMatchObject({ status: "used", orderId: second, updatedAtMs: 5_000 });
  });
});
