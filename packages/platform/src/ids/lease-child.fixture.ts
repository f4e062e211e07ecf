// Test fixture run as a child process: leases a worker id from the store named by argv and prints `count` ids.
import { createLogger } from "../logger/index.js";
import { openDatabase } from "../db/index.js";
import { openRedis } from "../kv/index.js";
import { leaseSnowflake, type WorkerLeaseStore } from "./worker-lease.js";
import { SqlWorkerLeaseStore, workerLeaseMigrations, type WorkerLeaseDb } from "./sql-worker-lease-store.js";
import { RedisWorkerLeaseStore } from "./redis-worker-lease-store.js";

const [kind = "", target = "", countArg = "0"] = process.argv.slice(2);
const logger = createLogger({ level: "silent", name: "lease-child" });

async function open(): Promise<WorkerLeaseStore> {
  if (kind === "redis") {
    const redis = await openRedis(target);
    return new RedisWorkerLeaseStore(redis.client, () => redis.close());
  }
  const [url, database] = target.split("#");
  const db = await openDatabase<WorkerLeaseDb>({
    service: "platform",
    config: { dialect: kind === "mysql" ? "mysql" : "sqlite", url: url ?? "", databasePrefix: "", poolSize: 2 },
    dataDir: "",
    migrations: workerLeaseMigrations,
    logger,
    ...(kind === "mysql" ? { mysqlDatabase: database ?? "" } : { sqliteFile: url ?? "" }),
  });
  return new SqlWorkerLeaseStore(db);
}

const leased = await leaseSnowflake(await open(), { ttlMs: 5_000, logger });
const out: string[] = [];
for (let i = 0; i < Number(countArg); i++) out.push(leased.ids.next());
process.stdout.write(out.join("\n") + "\n");
await leased.close();
