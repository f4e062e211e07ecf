import type { ColumnType, Generated, Kysely, Migration } from "kysely";
import type { SqlInt } from "../db/index.js";

type Big = ColumnType<SqlInt, number, number>;

/** The SQL backend's one table; a service that uses it adds `jobs: JobsTable` to its database interface. */
export interface JobsTable {
  id: Generated<SqlInt>;
  queue: string;
  kind: string;
  /** Dedupe key, unique per queue; NULL for jobs without one. */
  job_key: string | null;
  payload: string;
  priority: ColumnType<SqlInt, number, number>;
  /** waiting (run_at says whether it is due) | active | completed | failed */
  status: string;
  run_at: Big;
  attempts: ColumnType<SqlInt, number, number>;
  max_attempts: ColumnType<SqlInt, number, number>;
  backoff_ms: Big;
  /** While active: the lease; once it passes, another worker may take the job (its worker died). */
  lease_until: ColumnType<SqlInt | null, number | null, number | null>;
  locked_by: string | null;
  last_error: string | null;
  created_at: Big;
  updated_at: Big;
  /** W3C traceparent of the trace that added the job (jobsTraceparentMigration); NULL outside a trace. */
  traceparent: string | null;
}

export interface JobsDb {
  jobs: JobsTable;
}

/** Call from the owning service's migration (same statement on SQLite and MySQL). */
export async function createJobsTable(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("jobs")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("queue", "varchar(64)", (c) => c.notNull())
    .addColumn("kind", "varchar(64)", (c) => c.notNull())
    .addColumn("job_key", "varchar(191)")
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("priority", "integer", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("run_at", "bigint", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("max_attempts", "integer", (c) => c.notNull())
    .addColumn("backoff_ms", "bigint", (c) => c.notNull())
    .addColumn("lease_until", "bigint")
    .addColumn("locked_by", "varchar(64)")
    .addColumn("last_error", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("jobs_queue_key").unique().on("jobs").columns(["queue", "job_key"]).execute();
  await db.schema.createIndex("jobs_queue_due").on("jobs").columns(["queue", "status", "priority", "run_at"]).execute();
}

export async function dropJobsTable(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("jobs").ifExists().execute();
}

/**
 * The jobs table's second step, for the owning service's migration list after the one that calls createJobsTable:
 * the producer's traceparent, so a job's run joins the trace that scheduled it. Nullable, so the jobs already
 * waiting in an existing table keep running (each in a trace of its own). Same statement on SQLite and MySQL.
 */
export const jobsTraceparentMigration = (): Migration => ({
  async up(db: Kysely<unknown>) {
    // A version-00 traceparent is 55 characters; the propagator writes only that version.
    await db.schema.alterTable("jobs").addColumn("traceparent", "varchar(64)").execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable("jobs").dropColumn("traceparent").execute();
  },
});

/**
 * The jobs table of a service database as a `Kysely<JobsDb>`. Kysely's database type is invariant, so a
 * `Kysely<OrderDb>` is not a `Kysely<JobsDb>` even though it has the table; `DB extends JobsDb` proves it does.
 */
export const jobsTableOf = <DB extends JobsDb>(db: Kysely<DB>): Kysely<JobsDb> => db as unknown as Kysely<JobsDb>;
