import type { Migration } from "kysely";
import type { MigrationsFor, SqlDialect } from "@bookstore/platform/db";
import { outboxMigration } from "@bookstore/platform/outbox";
import { init } from "./migrations/0001-init.js";
import { listingTasks } from "./migrations/0002-listing-tasks.js";

/** One set for both dialects; names sort in the order they run. */
export const migrationsFor: MigrationsFor = (dialect: SqlDialect): Record<string, Migration> => ({
  "0001-init": init(dialect),
  "0002-listing-tasks": listingTasks(dialect),
  // outbox_events (book and stock events, relayed after commit) and processed_events.
  "0003-outbox": outboxMigration(),
});
