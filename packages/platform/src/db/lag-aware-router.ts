import { sql, type Kysely } from "kysely";
import { Counter, Gauge, type Registry } from "prom-client";
import type { Logger } from "../logger/index.js";
import type { LeaderTask, LeaderWork } from "../discovery/index.js";

/** Runtime.runAsLeader: the heartbeat row needs one writer per database, not one per process. */
export type RunAsLeader = (name: string, work: LeaderWork) => LeaderTask;

export interface ReplicaLagPolicy {
  /** Replicas at or below this lag serve reads. */
  freshMs: number;
  /** At or above this lag a replica leaves the rotation (metric + log alert) until it is fresh again. */
  maxLagMs: number;
  /** Heartbeat write and lag probe period. */
  probeIntervalMs: number;
  /** A user's reads go to the primary this long after their own write (read-your-writes). */
  readYourWritesMs: number;
}

export const DEFAULT_LAG_POLICY: ReplicaLagPolicy = { freshMs: 100, maxLagMs: 500, probeIntervalMs: 100, readYourWritesMs: 2_000 };

export type ReplicaStatus = "fresh" | "lagging" | "out";

interface Replica<DB> {
  name: string;
  db: Kysely<DB>;
  lagMs: number | undefined;
  status: ReplicaStatus;
}

export interface ReadContext {
  /** The user the read is for, so their own recent writes are visible. */
  userId?: string | undefined;
}

function metric<T>(registry: Registry | undefined, name: string, make: () => T): T | undefined {
  if (!registry) return undefined;
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/**
 * Read/write splitting for one MySQL/MariaDB database. A heartbeat row on the primary is rewritten every probe
 * interval; each replica's lag is now minus the heartbeat it has applied, less one interval (the row is at most
 * that old even with no lag). Fresh replicas (≤ freshMs) take reads round-robin; when none is fresh reads go to the
 * primary; a replica at ≥ maxLagMs (or unreachable) is out of rotation until it is fresh again. Writes, transactions
 * and a user's reads right after their own write always use the primary.
 */
export class LagAwareRouter<DB> {
  private readonly replicas: Replica<DB>[];
  private readonly recentWriters = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private probing: Promise<void> | undefined;
  private heartbeatLeader: LeaderTask | undefined;
  private next = 0;
  private readonly lagGauge: Gauge<"database" | "replica"> | undefined;
  private readonly outCounter: Counter<"database" | "replica"> | undefined;
  private readonly routed: Counter<"database" | "target"> | undefined;

  constructor(
    private readonly database: string,
    readonly primary: Kysely<DB>,
    replicas: { name: string; db: Kysely<DB> }[],
    private readonly policy: ReplicaLagPolicy,
    private readonly logger: Logger,
    registry?: Registry,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.replicas = replicas.map((r) => ({ ...r, lagMs: undefined, status: "out" }));
    const registers = registry ? [registry] : [];
    this.lagGauge = metric(registry, "db_replica_lag_seconds", () =>
      new Gauge({ name: "db_replica_lag_seconds", help: "Replica lag measured from the heartbeat row (NaN when unreachable)", labelNames: ["database", "replica"], registers }),
    );
    this.outCounter = metric(registry, "db_replica_out_of_rotation_total", () =>
      new Counter({ name: "db_replica_out_of_rotation_total", help: "Times a replica was taken out of read rotation for lag", labelNames: ["database", "replica"], registers }),
    );
    this.routed = metric(registry, "db_reads_routed_total", () =>
      new Counter({ name: "db_reads_routed_total", help: "Reads routed, by target (primary or replica name)", labelNames: ["database", "target"], registers }),
    );
  }

  /**
   * Creates the heartbeat table, measures once (so the first reads are routed on facts), then keeps probing.
   * With `runAsLeader` only the elected instance writes the heartbeat (every instance still probes); when a leader
   * dies, replicas look lagging until the next one writes (at most the election TTL), so reads fall back to the
   * primary meanwhile: safe, if noisy. A graceful stop resigns at once.
   */
  async start(opts: { runAsLeader?: RunAsLeader | undefined } = {}): Promise<void> {
    await sql`CREATE TABLE IF NOT EXISTS replication_heartbeat (id INT PRIMARY KEY, written_at_ms BIGINT NOT NULL)`.execute(this.primary);
    this.heartbeatLeader = opts.runAsLeader?.(`db-heartbeat-${this.database}`, (signal) => untilAborted(signal));
    const writes = () => this.heartbeatLeader?.isLeader() ?? true;
    if (writes()) await this.beat();
    await this.probe();
    this.timer = setInterval(() => {
      this.probing ??= (writes() ? this.beat() : Promise.resolve())
        .then(() => this.probe())
        .catch((err: unknown) => this.logger.warn({ err, database: this.database }, "replication heartbeat failed"))
        .finally(() => (this.probing = undefined));
    }, this.policy.probeIntervalMs);
    this.timer.unref();
  }

  /** Where a read should go. Pass the user for read-your-writes; use `primary` directly inside transactions. */
  reader(ctx: ReadContext = {}): Kysely<DB> {
    if (ctx.userId !== undefined) {
      const wroteAt = this.recentWriters.get(ctx.userId);
      if (wroteAt !== undefined) {
        if (this.nowMs() - wroteAt < this.policy.readYourWritesMs) return this.use("primary", this.primary);
        this.recentWriters.delete(ctx.userId);
      }
    }
    const fresh = this.replicas.filter((r) => r.status === "fresh");
    if (fresh.length === 0) return this.use("primary", this.primary);
    const replica = fresh[this.next++ % fresh.length] as Replica<DB>;
    return this.use(replica.name, replica.db);
  }

  /** Call after a user's write commits: their next reads see it. */
  noteWrite(userId: string): void {
    this.recentWriters.set(userId, this.nowMs());
    if (this.recentWriters.size > 100_000) this.pruneWriters();
  }

  status(): { name: string; lagMs: number | undefined; status: ReplicaStatus }[] {
    return this.replicas.map(({ name, lagMs, status }) => ({ name, lagMs, status }));
  }

  replicaDbs(): Kysely<DB>[] {
    return this.replicas.map((r) => r.db);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.probing;
    await this.heartbeatLeader?.stop();
  }

  private use(target: string, db: Kysely<DB>): Kysely<DB> {
    this.routed?.labels({ database: this.database, target }).inc();
    return db;
  }

  private async beat(): Promise<void> {
    const now = this.nowMs();
    await sql`INSERT INTO replication_heartbeat (id, written_at_ms) VALUES (1, ${now})
      ON DUPLICATE KEY UPDATE written_at_ms = GREATEST(written_at_ms, VALUES(written_at_ms))`.execute(this.primary);
  }

  private async probe(): Promise<void> {
    await Promise.all(this.replicas.map((r) => this.probeOne(r)));
  }

  private async probeOne(r: Replica<DB>): Promise<void> {
    let lag: number | undefined;
    try {
      const { rows } = await sql<{ written_at_ms: string | number }>`SELECT written_at_ms FROM replication_heartbeat WHERE id = 1`.execute(r.db);
      const seen = rows[0] ? Number(rows[0].written_at_ms) : undefined;
      lag = seen === undefined ? undefined : Math.max(0, this.nowMs() - seen - this.policy.probeIntervalMs);
    } catch {
      lag = undefined; // unreachable, or the heartbeat table has not replicated yet
    }
    r.lagMs = lag;
    this.lagGauge?.labels({ database: this.database, replica: r.name }).set(lag === undefined ? Number.NaN : lag / 1000);
    const before = r.status;
    // Hysteresis: an "out" replica returns only once fresh, not as soon as it dips under maxLagMs.
    if (lag === undefined || lag >= this.policy.maxLagMs) r.status = "out";
    else if (lag <= this.policy.freshMs) r.status = "fresh";
    else r.status = before === "out" ? "out" : "lagging";
    if (r.status === "out" && before !== "out") {
      this.outCounter?.labels({ database: this.database, replica: r.name }).inc();
      this.logger.error({ database: this.database, replica: r.name, lagMs: lag ?? null }, "replica taken out of read rotation");
    } else if (before === "out" && r.status === "fresh") {
      this.logger.info({ database: this.database, replica: r.name, lagMs: lag }, "replica back in read rotation");
    }
  }

  private pruneWriters(): void {
    const cutoff = this.nowMs() - this.policy.readYourWritesMs;
    for (const [user, at] of this.recentWriters) if (at < cutoff) this.recentWriters.delete(user);
  }
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
}
