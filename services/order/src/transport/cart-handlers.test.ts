import { describe, expect, it } from "vitest";
import { Reason } from "@bookstore/platform/errors";
import { useTestDatabase } from "@bookstore/platform/testing";
import { migrationsFor } from "../storage/migrations.js";
import type { OrderDb } from "../storage/schema.js";
import { admin, as, bookId, customer, orderTestService, reasonOf, viewer } from "../testing/order-test-service.js";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe("cart through the order handlers", () => {
  const t = useTestDatabase<OrderDb>("sqlite", "order", migrationsFor);
  const setup = () => {
    const svc = orderTestService(t.db);
    const [a, b] = [bookId(), bookId()];
    svc.catalog.addBook(a, 1_200, 10, "数据结构");
    svc.catalog.addBook(b, 800, 10, "Refactoring");
    return { ...svc, a, b, me: customer() };
  };

  it("adds, increments, updates and removes lines, answering the whole cart each time", async () => {
    const { client, a, b, me } = setup();
    const u = me.userId;
    expect((await client.getCart({ userId: u }, as(me))).cart).toMatchObject({ items: [], totalCents: 0n, currency: "CNY" });
    await client.addCartItem({ userId: u, bookId: a, quantity: 1 }, as(me));
    const added = await client.addCartItem({ userId: u, bookId: a, quantity: 2 }, as(me));
    expect(added.cart?.items).toMatchObject([{ bookId: a, title: "数据结构", quantity: 3, priceCents: 1_200n }]);
    await client.addCartItem({ userId: u, bookId: b, quantity: 1 }, as(me));
    const updated = await client.updateCartItem({ userId: u, bookId: b, quantity: 4 }, as(me));
    expect(updated.cart?.totalCents).toBe(3n * 1_200n + 4n * 800n);
    const removed = await client.removeCartItem({ userId: u, bookId: a }, as(me));
    expect(removed.cart?.items.map((i) => [i.bookId, i.quantity])).toEqual([[b, 4]]);
  });

  it("shows the catalog's current price, not the price when added", async () => {
    const { client, catalog, a, me } = setup();
    await client.addCartItem({ userId: me.userId, bookId: a, quantity: 1 }, as(me));
    catalog.addBook(a, 999, 10, "数据结构");
    expect((await client.getCart({ userId: me.userId }, as(me))).cart?.totalCents).toBe(999n);
  });

  it("refuses unknown books, bad quantities, missing lines and other people's carts", async () => {
    const { client, a, me } = setup();
    const u = me.userId;
    expect(await reasonOf(client.addCartItem({ userId: u, bookId: bookId(), quantity: 1 }, as(me)))).toBe(Reason.NOT_FOUND);
    expect(await reasonOf(client.addCartItem({ userId: u, bookId: "x", quantity: 1 }, as(me)))).toBe(Reason.VALIDATION_FAILED);
    for (const quantity of [0, -1, 100])
      expect(await reasonOf(client.addCartItem({ userId: u, bookId: a, quantity }, as(me)))).toBe(Reason.VALIDATION_FAILED);
    expect(await reasonOf(client.updateCartItem({ userId: u, bookId: a, quantity: 2 }, as(me)))).toBe(Reason.NOT_FOUND);
    expect(await reasonOf(client.addCartItem({ userId: customer().userId, bookId: a, quantity: 1 }, as(me)))).toBe(Reason.FORBIDDEN);
    expect(await reasonOf(client.getCart({ userId: customer().userId }, as(me)))).toBe(Reason.FORBIDDEN);
    expect((await client.getCart({ userId: u }, as(admin()))).cart?.items).toEqual([]);
    expect(await reasonOf(client.getCart({ userId: u }))).toBe(Reason.UNAUTHENTICATED);
  });

  it("counts carts per UTC day for order:read holders; a cart started before midnight converts on the order's day", async () => {
    const { client, clock, a, b, me } = setup();
    const other = customer();
    const staff = admin();
    const day = (date: string) => client.getCartStats({ date }, as(staff));
    clock.advance(40 * DAY - MINUTE); // 2026-04-09T23:59Z: a day no other test counts on
    await client.addCartItem({ userId: me.userId, bookId: a, quantity: 1 }, as(me));
    await client.addCartItem({ userId: me.userId, bookId: b, quantity: 1 }, as(me)); // the same cart, not a new one
    expect(await client.getCartStats({}, as(staff))).toMatchObject({ date: "2026-04-09", started: 1, converted: 0, abandonmentRate: 1 });

    clock.advance(2 * MINUTE);
    await client.addCartItem({ userId: other.userId, bookId: a, quantity: 1 }, as(other));
    for (const who of [me, other]) await client.placeOrder({ userId: who.userId, idempotencyKey: "cart", fromCart: true }, as(who));
    await client.placeOrder({ userId: me.userId, idempotencyKey: "cart", fromCart: true }, as(me)); // a replay converts nothing
    // One start and two conversions on the 10th: more conversions than starts floors the rate at 0.
    expect(await client.getCartStats({}, as(staff))).toMatchObject({ date: "2026-04-10", started: 1, converted: 2, abandonmentRate: 0 });
    expect(await day("2026-04-09")).toMatchObject({ started: 1, converted: 0, abandonmentRate: 1 });
    const empty = await day("2026-04-11");
    expect(empty).toMatchObject({ date: "2026-04-11", started: 0, converted: 0 });
    expect(empty.abandonmentRate).toBeUndefined();

    expect((await client.getCartStats({ date: "2026-04-10" }, as(viewer()))).converted).toBe(2);
    expect(await reasonOf(client.getCartStats({}, as(me)))).toBe(Reason.FORBIDDEN);
    for (const date of ["2026-02-30", "2026-4-10", "10/04/2026", "2026-04-10T00:00:00Z"])
      expect(await reasonOf(day(date)), date).toBe(Reason.VALIDATION_FAILED);
  });
});
