import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Kysely, MysqlDialect, sql } from "kysely";
import { createPool } from "mysql2";
import { createConnection } from "mysql2/promise";
import { loadConfig } from "../config/index.js";
import { DEFAULT_LAG_POLICY, LagAwareRouter } from "../db/index.js";
import { createLogger } from "../logger/index.js";
import { createMetrics } from "../metrics/index.js";
import { eventually, hasEtcd, hasMariadb, servicesRequired, startEtcd, startMariadb, type TestEtcd, type TestServer } from "../testing/index.js";
import { createDiscovery, type Discovery } from "./discovery.js";

/** Added to one router's clock, so the heartbeat row shows which router wrote it (the row keeps the greatest value). */
const B_OFFSET_MS = 1e9;

describe.runIf((hasEtcd() && hasMariadb()) || servicesRequired)("replica-lag heartbeat: one writer per database, elected", () => {
  const logger = createLogger({ level: "silent", name: "test" });
  let etcd: TestEtcd;
  let mariadb: TestServer;
  const dbs: Kysely<unknown>[] = [];
  const discoveries: Discovery[] = [];
  const routers: LagAwareRouter<unknown>[] = [];

  beforeAll(async () => {
    [etcd, mariadb] = await Promise.all([startEtcd(), startMariadb()]);
    const admin = await createConnection({ uri: mariadb.url });
    await admin.query("CREATE DATABASE hb");
    await admin.end();
  }, 120_000);

  afterAll(async () => {
    for (const r of routers) await r.close();
    for (const d of discoveries) await d.close();
    for (const db of dbs) await db.destroy();
    await mariadb?.stop();
    await etcd?.stop();
  });

  const instance = async (offsetMs: number) => {
    const config = loadConfig({ env: { ETCD_URL: etcd.url, BOOKSTORE_DISCOVERY__PREFIX: "/hb/", BOOKSTORE_DISCOVERY__LEASE_TTL_SECONDS: "2" } });
    const discovery = createDiscovery(config, { logger, metrics: createMetrics(), version: "test" });
    discoveries.push(discovery);
    const db = new Kysely<unknown>({ dialect: new MysqlDialect({ pool: createPool({ uri: mariadb.url, database: "hb", connectionLimit: 2 }) }) });
    dbs.push(db);
    // The primary stands in as its own "replica": only the heartbeat writes matter here.
    const router = new LagAwareRouter("hb", db, [{ name: "replica1", db }], { ...DEFAULT_LAG_POLICY, probeIntervalMs: 50 }, logger, undefined, () => Date.now() + offsetMs);
    routers.push(router);
    await router.start({ runAsLeader: (name, work) => discovery.runAsLeader(name, work) });
    return router;
  };
  const heartbeat = async () => {
    const { rows } = await sql<{ at: string }>`SELECT written_at_ms AS at FROM replication_heartbeat WHERE id = 1`.execute(dbs[0] as Kysely<unknown>);
    return Number(rows[0]?.at ?? 0);
  };

  it("only the leader writes; when it stops, the other instance takes over the heartbeat", async () => {
    const a = await instance(0);
    await eventually(async () => expect(await heartbeat()).toBeGreaterThan(Date.now() - 1_000), { timeoutMs: 10_000 });
    await instance(B_OFFSET_MS);
    // B probes but does not write while A leads: the row never shows B's clock.
    const until = Date.now() + 1_000;
    while (Date.now() < until) {
      expect(await heartbeat()).toBeLessThan(Date.now() + B_OFFSET_MS / 2);
      await new Promise((r) => setTimeout(r, 50));
    }
    await a.close(); // stops A's heartbeat work and resigns its election
    await eventually(async () => expect(await heartbeat()).toBeGreaterThan(Date.now() + B_OFFSET_MS / 2), { timeoutMs: 5_000 });
  }, 60_000);
});
