import { describe, expect, it } from "vitest";
import { testDialects, useTestDatabase } from "@bookstore/platform/testing";
import { cancel, markPaid, newOrder, type Order } from "../domain/order.js";
import { newPayment, settle } from "../domain/payment.js";
import { KyselyOrderStore } from "./kysely-order-store.js";
import { migrationsFor } from "./migrations.js";
import type { OrderDb } from "./schema.js";

let seq = 0;
/** Snowflake-sized ids, unique per test, above 2^53 so precision loss would show. */
const nextId = () => String(9_007_199_254_740_993n + BigInt(++seq) * 1_000n + BigInt(process.pid % 1000));

function order(userId: string, over: Partial<Order> = {}): Order {
  return {
    ...newOrder({
      id: nextId(),
      userId,
      items: [
        { bookId: "9100000000000000001", title: "深入理解计算机系统", quantity: 2, priceCents: 13_900 },
        { bookId: "9100000000000000002", title: "The Pragmatic Programmer", quantity: 1, priceCents: 8_800 },
      ],
      currency: "CNY",
      addressId: "9200000000000000001",
      nowMs: 1_767_225_600_000,
      paymentTimeoutSeconds: 900,
    }),
    ...over,
  };
}

describe.each(testDialects)("order repositories on %s", (dialect) => {
  const t = useTestDatabase<OrderDb>(dialect, "order", migrationsFor);
  const store = () => new KyselyOrderStore(t.db.db);

  it("stores an order with its items and reads it back exactly", async () => {
    const o = order(nextId());
    await store().orders.insert(o);
    expect(await store().orders.byId(o.id)).toEqual(o);
    expect(await store().orders.byId("not-an-id")).toBeUndefined();
    expect(await store().orders.byId(nextId())).toBeUndefined();
  });

  it("updates only from the expected status", async () => {
    const o = order(nextId());
    await store().orders.insert(o);
    const paid = markPaid(o, o.createdAtMs + 5);
    expect(await store().orders.update(paid, "pending_payment")).toBe(true);
    expect(await store().orders.update(cancel(o, o.createdAtMs + 6), "pending_payment")).toBe(false);
    expect((await store().orders.byId(o.id))?.status).toBe("paid");
  });

  it("lists a user's orders newest first with a total, filters by status, pages", async () => {
    const user = nextId();
    const orders = [0, 1, 2].map((i) => order(user, { createdAtMs: 1_767_225_600_000 + i }));
    for (const o of orders) await store().orders.insert(o);
    await store().orders.update(markPaid(orders[1]!, 1), "pending_payment");
    await store().orders.insert(order(nextId()));

    const all = await store().orders.list({ userId: user, page: 1, size: 2 });
    expect(all.total).toBe(3);
    expect(all.orders.map((o) => o.id)).toEqual([orders[2]!.id, orders[1]!.id]);
    expect(all.orders[0]!.items).toHaveLength(2);
    expect((await store().orders.list({ userId: user, page: 2, size: 2 })).orders.map((o) => o.id)).toEqual([orders[0]!.id]);
    const paid = await store().orders.list({ userId: user, status: "paid", page: 1, size: 20 });
    expect(paid).toMatchObject({ total: 1, orders: [{ id: orders[1]!.id }] });
    expect((await store().orders.list({ page: 1, size: 100 })).total).toBeGreaterThanOrEqual(4);
  });

  it("finds unpaid orders past their expiry and cancelled ones still holding stock", async () => {
    const late = order(nextId(), { expiresAtMs: 1_000 });
    const fresh = order(nextId(), { expiresAtMs: Number.MAX_SAFE_INTEGER });
    await store().orders.insert(late);
    await store().orders.insert(fresh);
    const expired = await store().orders.expired(2_000, 1_000);
    expect(expired.map((o) => o.id)).toContain(late.id);
    expect(expired.map((o) => o.id)).not.toContain(fresh.id);

    await store().orders.update(cancel(late, 3_000), "pending_payment");
    expect((await store().orders.releasePending(1_000)).map((o) => o.id)).toContain(late.id);
    await store().orders.markReleased(late.id);
    expect((await store().orders.releasePending(1_000)).map((o) => o.id)).not.toContain(late.id);
  });

  it("deletes an order with its items", async () => {
    const o = order(nextId());
    await store().orders.insert(o);
    await store().orders.delete(o.id);
    expect(await store().orders.byId(o.id)).toBeUndefined();
  });

  it("keeps idempotency keys unique per user, exact in case", async () => {
    const user = nextId();
    const record = { userId: user, key: "Key-1", requestHash: "a".repeat(64), orderId: nextId(), createdAtMs: 1 };
    await store().idempotency.insert(record);
    expect(await store().idempotency.find(user, "Key-1")).toEqual(record);
    expect(await store().idempotency.find(user, "key-1")).toBeUndefined();
    await store().idempotency.insert({ ...record, key: "key-1" });
    await store().idempotency.insert({ ...record, userId: nextId() });
    const dup = await store().idempotency.insert(record).then(() => undefined, (e: unknown) => e);
    expect(store().isDuplicateKey(dup)).toBe(true);
    await store().idempotency.delete(user, "Key-1");
    expect(await store().idempotency.find(user, "Key-1")).toBeUndefined();
  });

  it("stores payments, finds the pending one of an order and settles it once", async () => {
    const orderId = nextId();
    const p = newPayment(nextId(), orderId, 4_550, 10);
    await store().payments.insert(p);
    expect(await store().payments.byId(p.id)).toEqual(p);
    expect(await store().payments.pendingFor(orderId)).toEqual(p);
    expect(await store().payments.update(settle(p, "succeeded", 11), "pending")).toBe(true);
    expect(await store().payments.update(settle(p, "failed", 12), "pending")).toBe(false);
    expect(await store().payments.pendingFor(orderId)).toBeUndefined();
    expect((await store().payments.byId(p.id))?.status).toBe("succeeded");
  });

  it("records a payment event once", async () => {
    const event = `evt-${nextId()}`;
    expect(await store().events.add(event, nextId(), 1)).toBe(true);
    expect(await store().events.add(event, nextId(), 2)).toBe(false);
    expect(await store().events.add(event.toUpperCase(), nextId(), 2)).toBe(true);
  });

  it("rolls a transaction back as a whole", async () => {
    const o = order(nextId());
    await expect(
      store().transaction(async (r) => {
        await r.orders.insert(o);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await store().orders.byId(o.id)).toBeUndefined();
  });
});
