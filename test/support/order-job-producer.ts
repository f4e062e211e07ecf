import { join } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { systemClock } from "@bookstore/platform/clock";
import { BullmqJobQueue, DEFAULT_BULLMQ_PREFIX, SqlJobQueue, type JobQueue, type JobsDb } from "@bookstore/platform/jobs";
import { createLogger } from "@bookstore/platform/logger";

/** A producer on a running bookstore's durable "order" queue; it never starts, so the service's own worker runs what it adds. */
export interface OrderJobProducer {
  queue: JobQueue;
  close(): Promise<void>;
}

const SETTINGS = { logger: createLogger({ level: "silent", name: "order-job-producer" }), leaseMs: 30_000, concurrency: 1, keepCompletedMs: 3_600_000 };

/**
 * The same adapter the order service uses, on the same storage: its SQL job table in `<dataDir>/order.db` (embedded),
 * or BullMQ's keys when `redisUrl` is given. How a test puts a job there that really runs (and fails) in the service.
 */
export function orderJobProducer(where: { dataDir: string } | { redisUrl: string }): OrderJobProducer {
  if ("redisUrl" in where) {
    const queue = new BullmqJobQueue({ ...SETTINGS, url: where.redisUrl, name: "order", prefix: DEFAULT_BULLMQ_PREFIX });
    return { queue, close: () => queue.close() };
  }
  const sqlite = new SQLite(join(where.dataDir, "order.db"));
  sqlite.pragma("busy_timeout = 5000");
  const db = new Kysely<JobsDb>({ dialect: new SqliteDialect({ database: sqlite }) });
  const queue = new SqlJobQueue({ ...SETTINGS, db, name: "order", clock: systemClock, pollIntervalMs: 100 });
  return {
    queue,
    async close() {
      await queue.close();
      await db.destroy();
    },
  };
}
