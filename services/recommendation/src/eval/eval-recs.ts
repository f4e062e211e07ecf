import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "@bookstore/platform/config";
import { openDatabase } from "@bookstore/platform/db";
import { createLogger } from "@bookstore/platform/logger";
import { migrationsFor } from "../storage/migrations.js";
import type { RecommendationDb } from "../storage/schema.js";
import { DEFAULT_LOG, generateBehaviourLog } from "./behaviour-log.js";
import { evaluateRecommendations, formatReport, REQUIRED_LIFT } from "./evaluate-recommendations.js";

/**
 * `npm run eval:recs`: the offline evaluation on a fresh SQLite event store (the embedded profile's storage), with
 * the default recommendation settings. Exits 1 when item-CF does not beat popularity by 30 % on precision@10.
 */
async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "bookstore-eval-recs-"));
  const logger = createLogger({ level: "warn", name: "eval-recs" });
  const db = await openDatabase<RecommendationDb>({
    service: "recommendation",
    config: { dialect: "sqlite", url: "", databasePrefix: "", poolSize: 1 },
    dataDir: dir,
    migrations: migrationsFor,
    logger,
  });
  try {
    const started = performance.now();
    const report = await evaluateRecommendations(db.db, generateBehaviourLog(DEFAULT_LOG), loadConfig({ env: {} }).recommendation);
    console.log(formatReport(report));
    console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
    if (!(report.precisionLift >= REQUIRED_LIFT)) process.exitCode = 1;
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
