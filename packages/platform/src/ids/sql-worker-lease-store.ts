import { randomInt } from "node:crypto";
import type { Kysely, Migration } from "kysely";
import { isDuplicateKeyError, toNumber, type Database, type SqlInt } from "../db/index.js";
import { LEASABLE_WORKER_IDS, type LeaseGrant, type WorkerLeaseStore } from "./worker-lease.js";

export interface WorkerLeaseDb {
  snowflake_workers: {
    worker_id: number;
    owner: string;
    expires_at_ms: number | bigint;
    last_issued_ms: number | bigint;
  };
}

export const workerLeaseMigrations = (): Record<string, Migration> => ({
  "0001-snowflake-workers": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("snowflake_workers")
        .addColumn("worker_id", "integer", (c) => c.primaryKey())
        .addColumn("owner", "varchar(64)", (c) => c.notNull())
        .addColumn("expires_at_ms", "bigint", (c) => c.notNull())
        .addColumn("last_issued_ms", "bigint", (c) => c.notNull())
        .execute();
    },
  },
});

/** Leases in the `platform` SQL database: a row per worker id, taken by insert or by compare-and-set on an expired row. */
export class SqlWorkerLeaseStore implements WorkerLeaseStore {
  readonly name: string;
  private readonly db: Kysely<WorkerLeaseDb>;

  constructor(private readonly database: Database<WorkerLeaseDb>) {
    this.name = `sql:${database.name}`;
    this.db = database.db;
  }

  async acquire(owner: string, ttlMs: number, nowMs: number): Promise<LeaseGrant | undefined> {
    const rows = await this.db.selectFrom("snowflake_workers").selectAll().execute();
    const taken = new Map(rows.map((r) => [toNumber(r.worker_id as SqlInt), r]));
    // A random start spreads concurrent starters over different ids, so they rarely race for the same row.
    const start = randomInt(LEASABLE_WORKER_IDS);
    for (let k = 0; k < LEASABLE_WORKER_IDS; k++) {
      const workerId = (start + k) % LEASABLE_WORKER_IDS;
      const row = taken.get(workerId);
      if (!row) {
        try {
          await this.db
            .insertInto("snowflake_workers")
            .values({ worker_id: workerId, owner, expires_at_ms: nowMs + ttlMs, last_issued_ms: 0 })
            .execute();
          return { workerId, lastIssuedMs: 0 };
        } catch (e) {
          if (isDuplicateKeyError(e)) continue; // another process inserted it first
          throw e;
        }
      }
      if (toNumber(row.expires_at_ms as SqlInt) >= nowMs) continue;
      const result = await this.db
        .updateTable("snowflake_workers")
        .set({ owner, expires_at_ms: nowMs + ttlMs })
        .where("worker_id", "=", workerId)
        .where("owner", "=", row.owner)
        .where("expires_at_ms", "=", row.expires_at_ms)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) return { workerId, lastIssuedMs: toNumber(row.last_issued_ms as SqlInt) };
    }
    return undefined;
  }

  async renew(workerId: number, owner: string, ttlMs: number, nowMs: number, lastIssuedMs: number): Promise<boolean> {
    const result = await this.db
      .updateTable("snowflake_workers")
      .set({ expires_at_ms: nowMs + ttlMs, last_issued_ms: Math.max(0, lastIssuedMs) })
      .where("worker_id", "=", workerId)
      .where("owner", "=", owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async release(workerId: number, owner: string, lastIssuedMs: number): Promise<void> {
    await this.db
      .updateTable("snowflake_workers")
      .set({ expires_at_ms: 0, last_issued_ms: Math.max(0, lastIssuedMs) })
      .where("worker_id", "=", workerId)
      .where("owner", "=", owner)
      .execute();
  }

  close(): Promise<void> {
    return this.database.close();
  }
}
