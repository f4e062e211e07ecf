import { sql, type Kysely, type Migration, type Transaction } from "kysely";
import { Counter, Gauge, type Registry } from "prom-client";
import type { Ids } from "../ids/index.js";
import type { Logger } from "../logger/index.js";
import { isDuplicateKeyError, toId, toNumber, type SqlInt } from "../db/index.js";
import type { EventStream } from "./event-stream.js";

/** Tables a service adds to its own database (and its DB type) to publish and consume events reliably. */
export interface OutboxTables {
  outbox_events: {
    id: string | bigint;
    topic: string;
    event_key: string;
    payload: string;
    created_at_ms: number | bigint;
    published_at_ms: number | bigint | null;
  };
  processed_events: {
    consumer: string;
    event_id: string | bigint;
    processed_at_ms: number | bigint;
  };
}

/** Add to a service's migrations (any name that sorts after its existing ones). */
export const outboxMigration = (): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("outbox_events")
      .addColumn("id", "bigint", (c) => c.primaryKey())
      .addColumn("topic", "varchar(100)", (c) => c.notNull())
      .addColumn("event_key", "varchar(100)", (c) => c.notNull())
      .addColumn("payload", "text", (c) => c.notNull())
      .addColumn("created_at_ms", "bigint", (c) => c.notNull())
      .addColumn("published_at_ms", "bigint")
      .execute();
    await db.schema.createIndex("outbox_events_unpublished").on("outbox_events").columns(["published_at_ms", "id"]).execute();
    await db.schema
      .createTable("processed_events")
      .addColumn("consumer", "varchar(100)", (c) => c.notNull())
      .addColumn("event_id", "bigint", (c) => c.notNull())
      .addColumn("processed_at_ms", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("processed_events_pk", ["consumer", "event_id"])
      .execute();
  },
});

export interface DomainEvent {
  topic: string;
  key: string;
  /** JSON-serializable body. */
  data: unknown;
}

/** Kysely types are invariant in the schema: a service's DB (which includes OutboxTables) is narrowed here. */
const asOutbox = <DB extends OutboxTables>(db: Kysely<DB> | Transaction<DB>) => db as unknown as Kysely<OutboxTables>;

/** Writes events in the caller's transaction: they exist if and only if the change they describe committed. */
export async function addToOutbox<DB extends OutboxTables>(
  trx: Kysely<DB> | Transaction<DB>,
  ids: Ids,
  nowMs: number,
  events: readonly DomainEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await asOutbox(trx)
    .insertInto("outbox_events")
    .values(events.map((e) => ({ id: ids.next(), topic: e.topic, event_key: e.key, payload: JSON.stringify(e.data), created_at_ms: nowMs, published_at_ms: null })))
    .execute();
}

/**
 * Runs `apply` at most once per (consumer, event): the marker row is inserted in the same transaction as the effect,
 * so a redelivered event is skipped and a failed one is retried. Returns false for a duplicate.
 */
export async function processOnce<DB extends OutboxTables>(
  db: Kysely<DB>,
  consumer: string,
  eventId: string,
  nowMs: number,
  apply: (trx: Transaction<DB>) => Promise<void>,
): Promise<boolean> {
  try {
    await db.transaction().execute(async (trx) => {
      await asOutbox(trx).insertInto("processed_events").values({ consumer, event_id: eventId, processed_at_ms: nowMs }).execute();
      await apply(trx);
    });
    return true;
  } catch (e) {
    if (isDuplicateKeyError(e)) return false;
    throw e;
  }
}

export interface OutboxRelayOptions {
  /** Source label for metrics and logs (the owning service). */
  service: string;
  batchSize: number;
  intervalMs: number;
}

/**
 * Moves committed outbox rows to the event stream in id order, at least once: a row is marked published only after
 * the stream accepted it, so a crash in between republishes it (consumers de-duplicate by event id).
 * Several relays on one database are safe (duplicates only), and normally only one runs per service database.
 */
export class OutboxRelay<DB extends OutboxTables = OutboxTables> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly published: Counter<"service" | "topic"> | undefined;
  private readonly backlog: Gauge<"service"> | undefined;

  private readonly db: Kysely<OutboxTables>;

  constructor(
    db: Kysely<DB>,
    private readonly stream: EventStream,
    private readonly opts: OutboxRelayOptions,
    private readonly logger: Logger,
    registry?: Registry,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.db = asOutbox(db);
    const registers = registry ? [registry] : [];
    this.published = registry
      ? ((registry.getSingleMetric("outbox_events_published_total") as Counter<"service" | "topic"> | undefined) ??
        new Counter({ name: "outbox_events_published_total", help: "Outbox events relayed to the event stream", labelNames: ["service", "topic"], registers }))
      : undefined;
    this.backlog = registry
      ? ((registry.getSingleMetric("outbox_backlog") as Gauge<"service"> | undefined) ??
        new Gauge({ name: "outbox_backlog", help: "Outbox events seen unpublished by the last relay pass", labelNames: ["service"], registers }))
      : undefined;
  }

  start(): void {
    this.timer = setInterval(() => void this.kick(), this.opts.intervalMs);
    this.timer.unref();
  }

  /** Relays now (after a write, to cut latency); concurrent kicks share one pass. */
  kick(): Promise<number> {
    this.running ??= this.relayAll()
      .catch((err: unknown) => {
        this.logger.warn({ err, service: this.opts.service }, "outbox relay pass failed; will retry");
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async relayAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await this.db
        .selectFrom("outbox_events")
        .selectAll()
        .where("published_at_ms", "is", null)
        .orderBy("id")
        .limit(this.opts.batchSize)
        .execute();
      this.backlog?.labels({ service: this.opts.service }).set(rows.length);
      if (rows.length === 0) return total;
      for (const row of rows) {
        await this.stream.append({ id: toId(row.id as SqlInt), topic: row.topic, key: row.event_key, payload: row.payload });
        this.published?.labels({ service: this.opts.service, topic: row.topic }).inc();
      }
      await this.db
        .updateTable("outbox_events")
        .set({ published_at_ms: this.nowMs() })
        .where("id", "in", rows.map((r) => r.id))
        .execute();
      total += rows.length;
      if (rows.length < this.opts.batchSize) return total;
    }
  }

  /** Deletes published rows older than `olderThanMs` (the stream and consumers keep their own history). */
  async prune(olderThanMs: number): Promise<void> {
    await this.db
      .deleteFrom("outbox_events")
      .where("published_at_ms", "is not", null)
      .where("published_at_ms", "<", this.nowMs() - olderThanMs)
      .execute();
  }
}

/** For tests and ops: how many events are waiting. */
export async function unpublishedCount<DB extends OutboxTables>(db: Kysely<DB>): Promise<number> {
  const row = await asOutbox(db).selectFrom("outbox_events").select(sql<SqlInt>`count(*)`.as("n")).where("published_at_ms", "is", null).executeTakeFirst();
  return row ? toNumber(row.n) : 0;
}
