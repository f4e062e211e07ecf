import type { Migration } from "kysely";
import type { MigrationsFor, SqlDialect } from "@bookstore/platform/db";
import { jobsTraceparentMigration } from "@bookstore/platform/jobs";
import { outboxMigration } from "@bookstore/platform/outbox";
import { init } from "./migrations/0001-init.js";
import { jobsAndIdValidation } from "./migrations/0002-jobs-and-id-validation.js";
import { flashSales } from "./migrations/0003-flash-sales.js";
import { sagaLog } from "./migrations/0004-saga-log.js";
import { cartDailyStats } from "./migrations/0007-cart-daily-stats.js";
import { salesStatsIndexes } from "./migrations/0008-sales-stats-indexes.js";

/** One set for both dialects; names sort in the order they run. */
export const migrationsFor: MigrationsFor = (dialect: SqlDialect): Record<string, Migration> => ({
  "0001-init": init(dialect),
  "0002-jobs-and-id-validation": jobsAndIdValidation(dialect),
  "0003-flash-sales": flashSales(dialect),
  "0004-saga-log": sagaLog(dialect),
  "0005-outbox": outboxMigration(),
  "0006-jobs-traceparent": jobsTraceparentMigration(),
  "0007-cart-daily-stats": cartDailyStats(dialect),
  "0008-sales-stats-indexes": salesStatsIndexes(dialect),
});
