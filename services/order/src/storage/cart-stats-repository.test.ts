import { describe, expect, it } from "vitest";
import { testDialects, useTestDatabase } from "@bookstore/platform/testing";
import { KyselyCartStatsRepository } from "./kysely-cart-stats-repository.js";
import { migrationsFor } from "./migrations.js";
import type { OrderDb } from "./schema.js";

describe.each(testDialects)("KyselyCartStatsRepository on %s", (dialect) => {
  const test = useTestDatabase<OrderDb>(dialect, "order", migrationsFor);
  const stats = () => new KyselyCartStatsRepository(test.db.db, test.db.dialect);

  it("answers zeros for a day nothing was counted on", async () => {
    expect(await stats().byDate("2001-01-01")).toEqual({ date: "2001-01-01", started: 0, converted: 0 });
  });

  it("adds up concurrent increments per day, each event in its own column", async () => {
    const day = "2026-03-01";
    await Promise.all([
      ...Array.from({ length: 20 }, () => stats().increment(day, "started")),
      ...Array.from({ length: 7 }, () => stats().increment(day, "converted")),
      stats().increment("2026-03-02", "started"),
    ]);
    expect(await stats().byDate(day)).toEqual({ date: day, started: 20, converted: 7 });
    expect(await stats().byDate("2026-03-02")).toEqual({ date: "2026-03-02", started: 1, converted: 0 });
  });
});
