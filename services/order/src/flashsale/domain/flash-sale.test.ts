import { describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import { AppError } from "@bookstore/platform/errors";
import type { FlashSaleActor } from "./flash-sale-actor.js";
import type { FlashSaleRepository, PurchaseGate } from "./flash-sale-ports.js";
import { newFlashSale, queuedPurchase, saleWindow, unitKey, validateNewSale, type FlashSale, type GateOutcome } from "./flash-sale.js";
import { PurchaseFlashSale } from "./purchase-flash-sale.js";

const T0 = Date.parse("2026-06-18T12:00:00.000Z");
const input = (over: Partial<Parameters<typeof validateNewSale>[0]> = {}) => ({
  bookId: "1234567890123",
  priceCents: 990,
  quantity: 100,
  startsAtMs: T0,
  endsAtMs: T0 + 3_600_000,
  ...over,
});
const reasonOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? `${e.reason}:${String(e.details["field"] ?? "")}` : "other";
  }
  return "ok";
};

describe("sale window", () => {
  const sale = { startsAtMs: T0, endsAtMs: T0 + 1_000 };
  it("is open from startsAt inclusive to endsAt exclusive", () => {
    expect(saleWindow(sale, T0 - 1)).toBe("upcoming");
    expect(saleWindow(sale, T0)).toBe("open");
    expect(saleWindow(sale, T0 + 999)).toBe("open");
    expect(saleWindow(sale, T0 + 1_000)).toBe("ended");
  });
});

describe("new sale validation", () => {
  it("accepts a sale starting now or later and ending in the future", () => {
    expect(reasonOf(() => validateNewSale(input(), T0, 1_000))).toBe("ok");
    expect(reasonOf(() => validateNewSale(input({ startsAtMs: T0 - 60_000 }), T0, 1_000))).toBe("ok");
  });
  it.each([
    ["bookId", { bookId: "abc" }],
    ["priceCents", { priceCents: 0 }],
    ["priceCents", { priceCents: 1.5 }],
    ["quantity", { quantity: 0 }],
    ["quantity", { quantity: 1_001 }],
    ["endsAt", { endsAtMs: T0 }],
    ["endsAt", { startsAtMs: T0 - 7_200_000, endsAtMs: T0 - 1 }],
    ["endsAt", { endsAtMs: T0 + 31 * 24 * 3_600_000 }],
  ])("rejects a bad %s", (field, over) => {
    expect(reasonOf(() => validateNewSale(input(over), T0, 1_000))).toBe(`VALIDATION_FAILED:${field}`);
  });
  it("gives every unit its own reservation key", () => {
    expect(unitKey("42", 0)).toBe("flashsale:42:0");
    expect(new Set([0, 1, 2].map((u) => unitKey("42", u))).size).toBe(3);
  });
});

/** Counts calls, answers what the test says: the use case's job is the window check and the mapping. */
class ScriptedGate implements PurchaseGate {
  calls = 0;
  constructor(private readonly answer: (sale: FlashSale, userId: string, nowMs: number) => GateOutcome) {}
  async open(): Promise<void> {}
  async acquire(sale: FlashSale, userId: string, nowMs: number): Promise<GateOutcome> {
    this.calls += 1;
    return this.answer(sale, userId, nowMs);
  }
  async remaining(): Promise<Map<string, number>> {
    return new Map();
  }
}

describe("PurchaseFlashSale", () => {
  const sale = newFlashSale("77", input(), { title: "Sale book", currency: "CNY" }, T0 - 60_000);
  const sales: FlashSaleRepository = {
    insert: async () => undefined,
    byId: async (id) => (id === sale.id ? sale : undefined),
    list: async () => ({ sales: [sale], total: 1 }),
    endedWithUnitsHeld: async () => [],
    markUnitsReleased: async () => undefined,
  };
  const buyer: FlashSaleActor = { userId: "5", canManage: false, credentials: { userId: "5", role: "customer", permissions: [] } };
  const setup = (answer: (s: FlashSale, u: string, n: number) => GateOutcome, at = T0) => {
    const gate = new ScriptedGate(answer);
    const accepted: string[] = [];
    const clock = new FakeClock(new Date(at));
    const uc = new PurchaseFlashSale({ sales, gate, clock, onAccepted: (p) => accepted.push(p.userId) });
    return { gate, accepted, uc };
  };
  const reason = (p: Promise<unknown>) => p.then(() => "ok", (e: unknown) => (e instanceof AppError ? e.reason : "other"));

  it("refuses before the start and after the end without touching the gate", async () => {
    for (const at of [T0 - 1, T0 + 3_600_000]) {
      const { gate, uc } = setup((s, u, n) => ({ kind: "accepted", purchase: queuedPurchase(s.id, u, 0, n) }), at);
      expect(await reason(uc.execute(buyer, { saleId: sale.id }))).toBe("INVALID_STATE");
      expect(gate.calls).toBe(0);
    }
  });

  it("maps the gate's refusals: one per user → CONFLICT, sold out → OUT_OF_STOCK, closed meanwhile → INVALID_STATE", async () => {
    expect(await reason(setup(() => ({ kind: "already_bought" })).uc.execute(buyer, { saleId: sale.id }))).toBe("CONFLICT");
    expect(await reason(setup(() => ({ kind: "sold_out" })).uc.execute(buyer, { saleId: sale.id }))).toBe("OUT_OF_STOCK");
    expect(await reason(setup(() => ({ kind: "closed" })).uc.execute(buyer, { saleId: sale.id }))).toBe("INVALID_STATE");
    expect(await reason(setup(() => ({ kind: "sold_out" })).uc.execute(buyer, { saleId: "78" }))).toBe("NOT_FOUND");
  });

  it("passes the caller and the clock's time to the gate and wakes the worker on acceptance", async () => {
    const { accepted, uc } = setup((s, u, n) => ({ kind: "accepted", purchase: queuedPurchase(s.id, u, 3, n) }), T0 + 5);
    const purchase = await uc.execute(buyer, { saleId: sale.id });
    expect(purchase).toMatchObject({ saleId: "77", userId: "5", unit: 3, status: "queued", createdAtMs: T0 + 5 });
    expect(accepted).toEqual(["5"]);
  });
});
