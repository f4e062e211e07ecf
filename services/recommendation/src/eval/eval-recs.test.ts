import { describe, expect, it } from "vitest";
import { loadConfig } from "@bookstore/platform/config";
import { testDialects, useTestDatabase } from "@bookstore/platform/testing";
import { migrationsFor } from "../storage/migrations.js";
import type { RecommendationDb } from "../storage/schema.js";
import { DEFAULT_LOG, generateBehaviourLog, lastPurchaseSplit } from "./behaviour-log.js";
import { evaluateRecommendations, REQUIRED_LIFT } from "./evaluate-recommendations.js";

describe("behaviour log generator", () => {
  it("is the same for the same seed and holds back each user's last purchase, a book new to them", () => {
    const small = { ...DEFAULT_LOG, users: 50, books: 200 };
    const log = generateBehaviourLog(small);
    expect(generateBehaviourLog(small).events).toEqual(log.events);
    expect(generateBehaviourLog({ ...small, seed: 8 }).events).not.toEqual(log.events);
    const { training, heldOut } = lastPurchaseSplit(log.events);
    expect(heldOut.size).toBe(50);
    expect(training.length).toBe(log.events.length - 50);
    for (const [user, book] of heldOut) expect(training.some((e) => e.userId === user && e.bookId === book)).toBe(false);
  });
});

/** `npm run eval:recs` on each profile's storage: item-CF must beat popularity on precision@10 by 30 %. */
describe.each(testDialects)("offline recommendation evaluation on %s", (dialect) => {
  const t = useTestDatabase<RecommendationDb>(dialect, "recommendation", migrationsFor);

  it("item-CF beats popularity on precision@10 by at least 30 %", async () => {
    const report = await evaluateRecommendations(t.db.db, generateBehaviourLog(DEFAULT_LOG), loadConfig({ env: {} }).recommendation);
    expect(report.users).toBe(DEFAULT_LOG.users);
    expect(report.popularity.precisionAt10).toBeGreaterThan(0);
    expect(report.itemCf.precisionAt10).toBeGreaterThanOrEqual(report.popularity.precisionAt10 * (1 + REQUIRED_LIFT));
    expect(report.itemCf.recallAt10).toBeCloseTo(report.itemCf.precisionAt10 * 10, 10);
    expect(report.itemCf.coverage).toBeGreaterThan(report.popularity.coverage);
  }, 120_000);
});
