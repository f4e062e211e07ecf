import type { Migration } from "kysely";
import type { MigrationsFor } from "@bookstore/platform/db";
import { outboxMigration } from "@bookstore/platform/outbox";
import { init } from "./migrations/0001-init.js";
import { eventIdentity } from "./migrations/0003-event-identity.js";

/** One set for both dialects; names sort in the order they run. */
export const migrationsFor: MigrationsFor = (): Record<string, Migration> => ({
  "0001-init": init(),
  // processed_events: order.paid is counted once per order.
  "0002-outbox": outboxMigration(),
  "0003-event-identity": eventIdentity(),
});
