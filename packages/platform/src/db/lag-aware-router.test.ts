import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../logger/index.js";
import { createMetrics } from "../metrics/index.js";
import { eventually, hasMariadb, servicesRequired, startReplicatedMariadb, type ReplicatedMariadb } from "../testing/index.js";
import { openDatabase, type Database } from "./open-database.js";

interface ItemsDb {
  items: { id: number; name: string };
}

const POLICY = { freshMs: 100, maxLagMs: 500, probeIntervalMs: 100, readYourWritesMs: 1_000 };

const serverId = async (db: Kysely<ItemsDb>) =>
  Number((await sql<{ id: number }>`SELECT @@server_id AS id`.execute(db)).rows[0]?.id);

describe.runIf(hasMariadb() || servicesRequired)("lag-aware read routing on a MariaDB primary + replica", () => {
  let servers: ReplicatedMariadb;
  let database: Database<ItemsDb>;
  const metrics = createMetrics();

  beforeAll(async () => {
    servers = await startReplicatedMariadb();
    database = await openDatabase<ItemsDb>({
      service: "routing",
      config: { dialect: "mysql", url: servers.primary.url, databasePrefix: "t_", poolSize: 4, replicaUrls: [servers.replica.url], replicaLag: POLICY },
      dataDir: "",
      migrations: () => ({
        "0001": { up: (db) => db.schema.createTable("items").addColumn("id", "integer", (c) => c.primaryKey()).addColumn("name", "varchar(40)", (c) => c.notNull()).execute() },
      }),
      logger: createLogger({ level: "silent", name: "routing-test" }),
      metrics,
    });
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    await servers?.stop();
  });

  it("reads from the replica while it is fresh; writes and transactions use the primary", async () => {
    await eventually(async () => expect(await serverId(database.reader())).toBe(2), { timeoutMs: 10_000 });
    expect(await serverId(database.db)).toBe(1);
    await database.db.transaction().execute(async (trx) => expect(await serverId(trx)).toBe(1));
    await database.db.insertInto("items").values({ id: 1, name: "replicated" }).execute();
    await eventually(async () => expect(await database.reader().selectFrom("items").selectAll().execute()).toHaveLength(1));
  });

  it("sends a user's reads to the primary right after their own write, others still to the replica", async () => {
    await eventually(async () => expect(await serverId(database.reader())).toBe(2), { timeoutMs: 10_000 });
    database.noteWrite("u1");
    expect(await serverId(database.reader({ userId: "u1" }))).toBe(1);
    expect(await serverId(database.reader({ userId: "u2" }))).toBe(2);
    await new Promise((r) => setTimeout(r, POLICY.readYourWritesMs + 50));
    expect(await serverId(database.reader({ userId: "u1" }))).toBe(2);
  });

  it("moves reads to the primary when the replica lags, takes it out at 500 ms, and brings it back after catch-up", async () => {
    const outBefore = await outOfRotationCount();
    await servers.stopReplicaSql();
    const stoppedAt = Date.now();
    await database.db.insertInto("items").values({ id: 2, name: "written while the replica is stalled" }).execute();
    // Lag grows from 0: past freshMs (100 ms) the next probe (every 100 ms) routes reads to the primary.
    await eventually(async () => expect(await serverId(database.reader())).toBe(1), { timeoutMs: 3_000, intervalMs: 10 });
    const switchedAfter = Date.now() - stoppedAt;
    expect(switchedAfter).toBeLessThan(POLICY.freshMs + 2 * POLICY.probeIntervalMs + 1_000); // generous: shared CI cores
    // A stale replica never answers a read: the row written after the stall is visible through the reader.
    expect(await database.reader().selectFrom("items").selectAll().where("id", "=", 2).execute()).toHaveLength(1);
    await eventually(async () => expect(await outOfRotationCount()).toBe(outBefore + 1), { timeoutMs: 3_000 });
    await servers.startReplicaSql();
    await eventually(async () => expect(await serverId(database.reader())).toBe(2), { timeoutMs: 5_000 });
    expect(await database.reader().selectFrom("items").selectAll().where("id", "=", 2).execute()).toHaveLength(1);
  });

  async function outOfRotationCount(): Promise<number> {
    const m = await metrics.registry.getSingleMetric("db_replica_out_of_rotation_total")?.get();
    return m?.values.reduce((n, v) => n + v.value, 0) ?? 0;
  }
});
