import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { createConnection } from "mysql2/promise";
import { Redis } from "ioredis";
import type { ClusterDir } from "./cluster-state.js";
import type { Member } from "./member.js";
import { requireBinary, spawnDetached } from "./processes.js";

// Children get a fixed environment: a DATABASE_URL or REDIS_URL in the operator's shell must not leak into them.
export const baseEnv = (): NodeJS.ProcessEnv => ({ PATH: process.env["PATH"] ?? "/usr/local/bin:/usr/bin:/bin", HOME: process.env["HOME"] });

/** MariaDB primary (binlog, GTID) or replica (read-only, relay log), bound to 127.0.0.1; root has no password there. */
export function mariadbMember(dir: ClusterDir, role: "primary" | "replica", port: number): Member {
  const home = dir.path("mariadb", role);
  const data = `${home}/data`;
  const replication =
    role === "primary"
      ? ["--server-id=1", "--log-bin=mysql-bin", "--binlog-format=ROW"]
      : ["--server-id=2", "--skip-log-bin", "--relay-log=relay-bin", "--read-only=1"];
  return {
    component: "mariadb",
    instance: role,
    address: `127.0.0.1:${port}`,
    marker: `--datadir=${data}`,
    async start() {
      dir.ensure("mariadb", role);
      if (!existsSync(`${data}/mysql`)) initialise(home, data);
      return spawnDetached(requireBinary("mariadbd", "mariadb-server"), [
        "--no-defaults", "--user=root", `--datadir=${data}`, `--socket=${home}/mysqld.sock`, `--port=${port}`,
        `--tmpdir=${dir.ensure("mariadb", role, "tmp")}`, `--pid-file=${home}/mariadbd.pid`, "--bind-address=127.0.0.1",
        "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci", "--innodb-buffer-pool-size=128M",
        "--max-connections=1000", ...replication,
      ], { logFile: dir.log(`mariadb-${role}`), env: baseEnv() });
    },
    async notReady() {
      const c = await createConnection({ uri: `mysql://root@127.0.0.1:${port}`, connectTimeout: 2_000 });
      try {
        await c.query("SELECT 1");
        if (role === "primary") return undefined;
        const [rows] = await c.query("SHOW SLAVE STATUS");
        const status = (rows as { Slave_IO_Running?: string; Slave_SQL_Running?: string; Last_Error?: string }[])[0];
        if (!status) return "replication not configured";
        if (status.Slave_IO_Running !== "Yes" || status.Slave_SQL_Running !== "Yes")
          return `replication io=${status.Slave_IO_Running ?? "?"} sql=${status.Slave_SQL_Running ?? "?"} ${status.Last_Error ?? ""}`.trim();
        return undefined;
      } finally {
        await c.end();
      }
    },
  };
}

function initialise(home: string, data: string): void {
  const run = () => spawnSync(requireBinary("mariadb-install-db", "mariadb-server"), [
    "--no-defaults", "--user=root", `--datadir=${data}`, "--auth-root-authentication-method=normal", "--skip-test-db",
    `--tmpdir=${home}`,
  ], { encoding: "utf8" });
  const first = run();
  if (first.status === 0) return;
  rmSync(data, { recursive: true, force: true });
  const second = run();
  if (second.status !== 0) throw new Error(`mariadb-install-db failed: ${second.stderr}`);
}

/** Points the replica at the primary (GTID) unless it already replicates; safe to call on every `up`. */
export async function ensureReplication(primaryPort: number, replicaPort: number): Promise<"configured" | "already"> {
  const c = await createConnection({ uri: `mysql://root@127.0.0.1:${replicaPort}` });
  try {
    const [rows] = await c.query("SHOW SLAVE STATUS");
    const status = (rows as { Slave_IO_Running?: string; Slave_SQL_Running?: string }[])[0];
    if (status?.Slave_IO_Running === "Yes" && status.Slave_SQL_Running === "Yes") return "already";
    if (!status)
      await c.query(
        `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${primaryPort}, MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos`,
      );
    await c.query("START SLAVE");
    return "configured";
  } finally {
    await c.end();
  }
}

/** One Redis node (cluster-enabled when `cluster`), persistent (AOF) in its own dir. */
export function redisMember(dir: ClusterDir, instance: number, port: number, cluster: boolean): Member {
  const home = dir.path("redis", String(instance));
  return {
    component: "redis",
    instance: String(instance),
    address: `127.0.0.1:${port}`,
    // redis-server rewrites its command line to "redis-server 127.0.0.1:<port> [cluster]".
    marker: `127.0.0.1:${port}`,
    async start() {
      dir.ensure("redis", String(instance));
      return spawnDetached(requireBinary("redis-server", "redis-server"), [
        "--port", String(port), "--bind", "127.0.0.1", "--dir", home, "--appendonly", "yes", "--save", "",
        "--daemonize", "no",
        ...(cluster ? ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000"] : []),
      ], { logFile: dir.log(`redis-${instance}`), env: baseEnv() });
    },
    async notReady() {
      return redisCommand(port, async (r) => {
        if ((await r.ping()) !== "PONG") return "no PONG";
        if (!cluster) return undefined;
        const info = String(await r.call("CLUSTER", "INFO"));
        return /cluster_state:ok/.test(info) ? undefined : "cluster_state not ok";
      });
    },
  };
}

/** undefined once the node answers PING (before it is part of a cluster). */
export function redisAnswers(port: number): Promise<string | undefined> {
  return redisCommand(port, async (r) => ((await r.ping()) === "PONG" ? undefined : "no PONG"));
}

/** Forms the Redis Cluster (3 masters + 3 replicas for six nodes) unless the nodes already know each other. */
export async function ensureRedisCluster(ports: readonly number[]): Promise<"created" | "already"> {
  const first = ports[0];
  if (first === undefined) throw new Error("no Redis nodes");
  const info = await redisCommand(first, async (r) => String(await r.call("CLUSTER", "INFO")));
  if (!/cluster_slots_assigned:0\b/.test(info)) return "already";
  const run = spawnSync(requireBinary("redis-cli", "redis-tools"), [
    "--cluster", "create", ...ports.map((p) => `127.0.0.1:${p}`), "--cluster-replicas", ports.length >= 6 ? "1" : "0",
    "--cluster-yes",
  ], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`redis-cli --cluster create failed: ${run.stdout}${run.stderr}`);
  return "created";
}

async function redisCommand<T>(port: number, work: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis({ host: "127.0.0.1", port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2_000 });
  r.on("error", () => undefined); // a failed probe surfaces through connect() or the command rejecting
  try {
    await r.connect();
    return await work(r);
  } finally {
    r.disconnect();
  }
}

/** A single-node etcd with its data dir in the cluster dir. */
export function etcdMember(dir: ClusterDir, clientPort: number, peerPort: number): Member {
  const data = dir.path("etcd", "data");
  return {
    component: "etcd",
    instance: "1",
    address: `127.0.0.1:${clientPort}`,
    marker: data,
    async start() {
      dir.ensure("etcd", "data");
      const peer = `http://127.0.0.1:${peerPort}`;
      const client = `http://127.0.0.1:${clientPort}`;
      return spawnDetached(requireBinary("etcd", "etcd-server"), [
        "--name", "bookstore", "--data-dir", data, "--listen-client-urls", client, "--advertise-client-urls", client,
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", `bookstore=${peer}`,
        "--log-level", "warn",
      ], { logFile: dir.log("etcd-1"), env: baseEnv() });
    },
    async notReady() {
      const res = await fetch(`http://127.0.0.1:${clientPort}/health`, { signal: AbortSignal.timeout(2_000) });
      const body = (await res.json()) as { health?: string };
      return body.health === "true" ? undefined : `health ${JSON.stringify(body)}`;
    },
  };
}
