import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { Migration } from "kysely";
import { systemClock } from "../clock/index.js";
import { openDatabase, type Database, type SqlDialect } from "../db/index.js";
import { createLogger } from "../logger/index.js";
import { activeTraceIds, inSpan, SpanKind, startTracing, type Tracing } from "../tracing/index.js";
import { eventually, redisAvailable, startMariadb, testDialects, useTestRedis, type TestServer } from "../testing/index.js";
import { BullmqJobQueue } from "./bullmq-job-queue.js";
import type { JobQueue } from "./job-queue.js";
import { LocalJobQueue } from "./local-job-queue.js";
import { SqlJobQueue } from "./sql-job-queue.js";
import { createJobsTable, dropJobsTable, jobsTraceparentMigration, type JobsDb } from "./sql-jobs-table.js";

// startTracing registers the process-wide provider: one per test file.
const exporter = new InMemorySpanExporter();
let tracing: Tracing;
beforeAll(() => {
  tracing = startTracing({ serviceName: "jobs-test", exporter });
});
afterAll(() => tracing.shutdown());
beforeEach(() => exporter.reset());

const logger = createLogger({ level: "silent", name: "job-tracing-test" });
const newJob = (kind: string, payload: unknown = {}) => ({ kind, payload, delayMs: 0, priority: 10, maxAttempts: 1, backoffMs: 0 });
const finished = (): ReadableSpan[] => exporter.getFinishedSpans();

/** What a handler saw: the span it ran in. */
interface Seen {
  trace_id: string;
  span_id: string;
}

/** Starts `queue` with a handler that records its active span per kind, then returns the record. */
function consume(queue: JobQueue): Map<string, Seen | undefined> {
  const seen = new Map<string, Seen | undefined>();
  queue.start((kind) => {
    seen.set(kind, activeTraceIds());
    return Promise.resolve();
  });
  return seen;
}

/**
 * The promise every backend keeps: a job added inside a trace runs in a CONSUMER span `job <kind>` that is a child
 * of the producer's span, and the handler runs inside it; a job added outside a trace gets a trace of its own.
 */
function jobSpanBehaviours(backend: "sql" | "bullmq" | "local", open: () => JobQueue) {
  const opened: JobQueue[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((q) => q.close()));
  });
  const queue = () => {
    const q = open();
    opened.push(q);
    return q;
  };

  it("runs a job added inside a trace in a CONSUMER span under the producer's span, with the handler inside it", async () => {
    const q = queue();
    const producer = await inSpan("POST /api/v1/orders", { kind: SpanKind.SERVER }, async (span) => {
      await q.add(newJob("order.expire", { orderId: "1" }));
      return span.spanContext();
    });
    const seen = consume(q);
    const job = await eventually(() => {
      const span = finished().find((s) => s.name === "job order.expire");
      expect(span).toBeDefined();
      return span as ReadableSpan;
    }, { timeoutMs: 10_000 });
    expect(job.kind).toBe(SpanKind.CONSUMER);
    expect(job.spanContext().traceId).toBe(producer.traceId);
    expect(job.parentSpanContext?.spanId).toBe(producer.spanId);
    expect(job.attributes).toMatchObject({
      "messaging.system": backend,
      "messaging.operation.type": "process",
      "messaging.destination.name": q.name,
      "bookstore.job.kind": "order.expire",
      "bookstore.job.attempt": 1,
    });
    expect(seen.get("order.expire")).toEqual({ trace_id: producer.traceId, span_id: job.spanContext().spanId });
  });

  it("gives a job added outside any trace a trace of its own", async () => {
    const q = queue();
    await q.add(newJob("sweep"));
    consume(q);
    const job = await eventually(() => {
      const span = finished().find((s) => s.name === "job sweep");
      expect(span).toBeDefined();
      return span as ReadableSpan;
    }, { timeoutMs: 10_000 });
    expect(job.parentSpanContext).toBeUndefined();
  });
}

const sqlMigrations = (withTraceparent: boolean): Record<string, Migration> => ({
  "0001-jobs": { up: createJobsTable, down: dropJobsTable },
  ...(withTraceparent ? { "0002-jobs-traceparent": jobsTraceparentMigration() } : {}),
});

describe.each(testDialects)("SQL job table on %s", (dialect: SqlDialect) => {
  let server: TestServer | undefined;
  let dir = "";
  const dbs: Database<JobsDb>[] = [];
  let counter = 0;
  /** Opens (creating or reopening) database `name`, migrated with the given steps. */
  const openJobsDb = async (name: string, withTraceparent = true) => {
    const db = await openDatabase<JobsDb>({
      service: "jobs",
      config: { dialect, url: server?.url ?? "", databasePrefix: "", poolSize: 4 },
      dataDir: dir,
      migrations: () => sqlMigrations(withTraceparent),
      logger,
      sqliteFile: join(dir, `${name}.db`),
      mysqlDatabase: `jt${process.pid}_${name}`,
    });
    dbs.push(db);
    return db;
  };
  let shared: Database<JobsDb>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "bookstore-job-tracing-"));
    if (dialect === "mysql") server = await startMariadb();
    shared = await openJobsDb("shared");
  });
  afterAll(async () => {
    for (const db of dbs.splice(0)) await db.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const sqlQueue = (db: Database<JobsDb>) =>
    new SqlJobQueue({
      db: db.db, name: `q-${randomUUID().slice(0, 8)}`, clock: systemClock, logger, pollIntervalMs: 50, leaseMs: 30_000,
      concurrency: 2, keepCompletedMs: 60_000,
    });

  jobSpanBehaviours("sql", () => sqlQueue(shared));

  it("keeps the worker's polling out of the producer's trace: there only the INSERT is a SQL span", async () => {
    const q = sqlQueue(shared);
    try {
      q.start(() => Promise.resolve());
      const producer = await inSpan("request", {}, async (span) => {
        await q.add(newJob("order.expire")); // wakes the idle poller from inside the trace
        return span.spanContext();
      });
      await eventually(() => expect(finished().some((s) => s.name === "job order.expire")).toBe(true), { timeoutMs: 10_000 });
      await eventually(async () => expect(await q.stats()).toMatchObject({ completed: 1 }));
      const sqlInTrace = finished().filter((s) => s.spanContext().traceId === producer.traceId && s.attributes["db.system.name"]);
      expect(sqlInTrace.map((s) => String(s.attributes["db.query.text"]).split(" ")[0]?.toLowerCase())).toEqual(["insert"]);
    } finally {
      await q.close();
    }
  });

  it("migrates a table created before the traceparent column without losing its waiting jobs", async () => {
    const name = `legacy${++counter}`;
    const before = await openJobsDb(name, false);
    const now = Date.now();
    await before.db.insertInto("jobs").values({
      queue: "legacy", kind: "order.expire", job_key: null, payload: "{}", priority: 10, status: "waiting", run_at: now,
      attempts: 0, max_attempts: 1, backoff_ms: 0, lease_until: null, locked_by: null, last_error: null, created_at: now,
      updated_at: now,
    }).execute();
    await before.close();

    const after = await openJobsDb(name);
    const q = new SqlJobQueue({
      db: after.db, name: "legacy", clock: systemClock, logger, pollIntervalMs: 50, leaseMs: 30_000, concurrency: 1, keepCompletedMs: 60_000,
    });
    try {
      const ran: string[] = [];
      q.start((kind) => {
        ran.push(kind);
        return Promise.resolve();
      });
      await eventually(() => expect(ran).toEqual(["order.expire"]), { timeoutMs: 10_000 });
      const job = finished().find((s) => s.name === "job order.expire");
      expect(job?.parentSpanContext).toBeUndefined(); // no producer trace was kept for it
    } finally {
      await q.close();
    }
  });
});

describe.runIf(redisAvailable)("BullMQ on redis-server", () => {
  const redis = useTestRedis();
  const prefix = "{bookstore-trace-test}";
  const bullQueue = () =>
    new BullmqJobQueue({
      url: redis.url, name: `q-${randomUUID().slice(0, 8)}`, prefix, logger, leaseMs: 30_000, concurrency: 2, keepCompletedMs: 60_000,
    });

  jobSpanBehaviours("bullmq", bullQueue);

  it("stores the producer's traceparent in the job's telemetry metadata, and nothing else of the trace", async () => {
    const q = bullQueue();
    const reader = new Queue(q.name, { connection: { url: redis.url }, prefix });
    try {
      const producer = await inSpan("request", {}, async (span) => ({ id: await q.add(newJob("traced")), ctx: span.spanContext() }));
      const untraced = await q.add(newJob("untraced"));
      const traced = await reader.getJob(producer.id);
      expect(JSON.parse(traced?.opts.telemetry?.metadata ?? "null")).toEqual({
        traceparent: `00-${producer.ctx.traceId}-${producer.ctx.spanId}-01`,
      });
      expect((await reader.getJob(untraced))?.opts.telemetry).toBeUndefined();
    } finally {
      await reader.close();
      await q.close();
    }
  });
});

describe("in-process pool", () => {
  jobSpanBehaviours("local", () => new LocalJobQueue({ name: `local-${randomUUID().slice(0, 8)}`, concurrency: 2, logger }));
});
