import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../logger/index.js";
import { openDatabase, type Database } from "../db/index.js";
import { eventually, REDIS_TOPOLOGIES, redisAvailable, startMariadb, testDialects, useTestRedisTopology, type TestServer } from "../testing/index.js";
import { LEASABLE_WORKER_IDS, leaseSnowflake, WorkerLeaseLostError, type WorkerLeaseStore } from "./worker-lease.js";
import { SqlWorkerLeaseStore, workerLeaseMigrations, type WorkerLeaseDb } from "./sql-worker-lease-store.js";
import { RedisWorkerLeaseStore } from "./redis-worker-lease-store.js";

const run = promisify(execFile);
const logger = createLogger({ level: "silent", name: "lease-test" });
const CHILD = join(import.meta.dirname, "lease-child.fixture.ts");

/** Two OS processes lease from one store at once and each issue `count` ids: no id may appear twice. */
async function idsFromTwoProcesses(kind: string, target: string, count: number): Promise<[string[], string[]]> {
  const child = () => run(process.execPath, ["--import", "tsx", CHILD, kind, target, String(count)], { maxBuffer: 64 << 20 });
  const [a, b] = await Promise.all([child(), child()]);
  return [a.stdout.trim().split("\n"), b.stdout.trim().split("\n")];
}

const workerOf = (id: string) => Number((BigInt(id) >> 12n) & 1023n);

interface StoreHarness {
  /** A second handle on the same store, as another process would have. */
  open(): Promise<WorkerLeaseStore>;
  /** Marks every worker id but `free` as held by someone else for a long time. */
  takeAllBut(free: number): Promise<void>;
  /** Steals a lease, as if it had expired and another process took it. */
  steal(workerId: number): Promise<void>;
  childTarget(): string;
  kind: string;
}

function leaseContract(name: string, harness: () => StoreHarness) {
  describe(name, () => {
    it("gives live processes distinct worker ids and ids that never repeat across them", async () => {
      const h = harness();
      const [a, b] = await idsFromTwoProcesses(h.kind, h.childTarget(), 50_000);
      expect(a).toHaveLength(50_000);
      expect(b).toHaveLength(50_000);
      expect(workerOf(a[0]!)).not.toBe(workerOf(b[0]!));
      expect(new Set([...a, ...b]).size).toBe(100_000);
    }, 60_000);

    it("hands an expired lease to the next process, which starts after the last id its holder issued", async () => {
      const h = harness();
      const free = 7;
      await h.takeAllBut(free);
      const first = await leaseSnowflake(await h.open(), { ttlMs: 60_000, logger });
      expect(first.workerId).toBe(free);
      const last = first.ids.next();
      await first.close(); // releases (expires) the lease and records the last issued ms
      const second = await leaseSnowflake(await h.open(), { ttlMs: 60_000, logger });
      expect(second.workerId).toBe(free);
      expect(BigInt(second.ids.next()) > BigInt(last)).toBe(true);
      await second.close();
      await expect(leaseSnowflake(await h.open(), { ttlMs: 60_000, logger }).then((l) => l.close())).resolves.toBeUndefined();
    });

    it("stops issuing ids once its lease is lost instead of sharing the worker id", async () => {
      const h = harness();
      const leased = await leaseSnowflake(await h.open(), { ttlMs: 1_000, logger });
      leased.ids.next();
      await h.steal(leased.workerId);
      await eventually(() => expect(() => leased.ids.next()).toThrow(WorkerLeaseLostError), { timeoutMs: 3_000 });
      await leased.close();
    });
  });
}

for (const dialect of testDialects) {
  describe(`SQL worker leases on ${dialect}`, () => {
    let server: TestServer | undefined;
    let dir = "";
    let n = 0;
    let current: { target: string; database: Database<WorkerLeaseDb> } | undefined;
    const opened: Database<WorkerLeaseDb>[] = [];
    const openDb = async (target: string) => {
      const [url, database] = target.split("#");
      const db = await openDatabase<WorkerLeaseDb>({
        service: "platform",
        config: { dialect, url: url ?? "", databasePrefix: "", poolSize: 2 },
        dataDir: "",
        migrations: workerLeaseMigrations,
        logger,
        ...(dialect === "mysql" ? { mysqlDatabase: database ?? "" } : { sqliteFile: url ?? "" }),
      });
      opened.push(db);
      return db;
    };
    beforeAll(async () => {
      if (dialect === "mysql") server = await startMariadb();
      else dir = mkdtempSync(join(tmpdir(), "bookstore-lease-"));
    });
    afterAll(async () => {
      for (const db of opened) await db.close().catch(() => undefined);
      await server?.stop();
    });
    /** Every test gets a fresh store, so leases from one test never leak into the next. */
    const fresh = (): StoreHarness => {
      const target = dialect === "mysql" ? `${server?.url ?? ""}#leases_${++n}` : join(dir, `platform-${++n}.db`);
      current = undefined;
      const shared = async () => (current ??= { target, database: await openDb(target) }).database;
      return {
        kind: dialect,
        childTarget: () => target,
        open: async () => new SqlWorkerLeaseStore(await openDb(target)),
        takeAllBut: async (free) => {
          const db = (await shared()).db;
          const rows = Array.from({ length: LEASABLE_WORKER_IDS }, (_, id) => id)
            .filter((id) => id !== free)
            .map((id) => ({ worker_id: id, owner: "someone-else", expires_at_ms: Date.now() + 3_600_000, last_issued_ms: 0 }));
          await db.insertInto("snowflake_workers").values(rows).execute();
        },
        steal: async (workerId) => {
          const db = (await shared()).db;
          await db.updateTable("snowflake_workers").set({ owner: "thief" }).where("worker_id", "=", workerId).execute();
        },
      };
    };
    leaseContract("lease contract", fresh);
  });
}

describe.runIf(redisAvailable).each(REDIS_TOPOLOGIES)("Redis worker leases on Redis (%s)", (topology) => {
  const redis = useTestRedisTopology(topology);
  // FLUSHALL has no key: on a Cluster it would reach one random node.
  const flush = async () => {
    await (redis.cluster ? redis.cluster.flushAll() : redis.redis.client.flushall());
  };
  const fresh = (): StoreHarness => ({
    kind: "redis",
    childTarget: () => redis.url,
    open: () => Promise.resolve(new RedisWorkerLeaseStore(redis.redis.client, () => Promise.resolve())),
    takeAllBut: async (free) => {
      await flush();
      const pipe = redis.redis.client.pipeline();
      for (let id = 0; id < LEASABLE_WORKER_IDS; id++)
        if (id !== free) pipe.set(`{bookstore}:snowflake:lease:${id}`, "someone-else", "PX", 3_600_000);
      await pipe.exec();
    },
    steal: async (workerId) => {
      await redis.redis.client.set(`{bookstore}:snowflake:lease:${workerId}`, "thief", "PX", 60_000);
    },
  });
  beforeAll(flush);
  leaseContract("lease contract", fresh);
});
