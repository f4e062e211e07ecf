import { describe, expect, it } from "vitest";
import { Counter, Registry } from "@bookstore/platform/metrics";
import { testDialects, useTestDatabase } from "@bookstore/platform/testing";
import { FakeClock } from "@bookstore/platform/clock";
import { orderUseCaseHarness } from "../testing/order-use-case-harness.js";
import { fallbackId, isFallbackId, KyselyIdRegistry } from "./kysely-id-registry.js";
import { migrationsFor } from "./migrations.js";
import type { OrderDb } from "./schema.js";

const MAX_ID = (1n << 63n) - 1n;

describe.each(testDialects)("id_validation on %s", (dialect) => {
  const t = useTestDatabase<OrderDb>(dialect, "order", migrationsFor);

  it("keeps a fresh id, and swaps a colliding one for a distinguishable fallback from the DB sequence", async () => {
    const conflicts: string[] = [];
    const registry = new KyselyIdRegistry(t.db.db, new FakeClock(new Date("2026-05-01T00:00:00Z")), (k) => conflicts.push(k));
    const id = "300000000000000001";
    expect(await registry.claim(id, "order")).toBe(id);
    expect(conflicts).toEqual([]);

    const first = await registry.claim(id, "order");
    const second = await registry.claim(id, "payment");
    expect(conflicts).toEqual(["order", "payment"]);
    for (const f of [first, second]) {
      expect(f).not.toBe(id);
      expect(isFallbackId(f)).toBe(true);
      expect(BigInt(f)).toBeLessThanOrEqual(MAX_ID);
    }
    expect(first).not.toBe(second);
    expect(isFallbackId(id)).toBe(false);
    // Both fallbacks are now taken too: claiming one again falls back once more.
    expect(await registry.claim(first, "order")).not.toBe(first);
    const rows = await t.db.db.selectFrom("id_validation").select("id").where("id", "in", [id, first, second]).execute();
    expect(rows).toHaveLength(3);
  });

  it("places orders and payments under fallback ids when the id source repeats itself, counting each conflict", async () => {
    const registry = new Registry();
    const counter = new Counter({ name: "bookstore_id_conflicts_total", help: "t", labelNames: ["kind"], registers: [registry] });
    const stuck = { next: () => "300000000000000777" }; // two workers sharing one Snowflake worker id, at worst
    const h = orderUseCaseHarness(t.db, { ids: stuck, onIdConflict: (kind) => counter.inc({ kind }) });
    const a = await h.placeOrder();
    const b = await h.placeOrder();
    expect(a.id).toBe("300000000000000777");
    expect(isFallbackId(b.id)).toBe(true);
    expect((await h.getOrder.execute(h.buyer, { id: b.id })).items).toHaveLength(1);
    expect(h.catalog.reservations.has(b.id)).toBe(true);

    const payment = await h.payOrder.execute(h.buyer, { id: a.id });
    expect(isFallbackId(payment.id)).toBe(true);
    const values = (await counter.get()).values.map((v) => [v.labels["kind"], v.value]);
    expect(values).toEqual(expect.arrayContaining([["order", 1], ["payment", 1]]));
    expect(await registry.metrics()).toContain('bookstore_id_conflicts_total{kind="order"} 1');
  });

  it("lays fallback ids out like Snowflake ids with worker 1023", () => {
    const id = BigInt(fallbackId(Date.UTC(2026, 0, 1), 4097n));
    expect((id >> 12n) & 0x3ffn).toBe(1023n);
    expect(id & 0xfffn).toBe(1n);
  });
});
