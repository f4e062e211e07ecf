import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, existsSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConnection } from "mysql2/promise";
import { Redis } from "ioredis";
import { freePort } from "./free-port.js";
import { eventually } from "./eventually.js";

export interface TestServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** With REQUIRE_SERVICES=1 (CI) a missing binary fails the suite; otherwise the suite is skipped. */
export const servicesRequired = process.env["REQUIRE_SERVICES"] === "1";

const BIN_DIRS = ["/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"];
export function findBinary(name: string): string | undefined {
  return BIN_DIRS.map((d) => join(d, name)).find((p) => existsSync(p));
}

export const hasMariadb = (): boolean => findBinary("mariadbd") !== undefined && findBinary("mariadb-install-db") !== undefined;
export const hasRedis = (): boolean => findBinary("redis-server") !== undefined;

function stopProcess(child: ChildProcess, dir?: string): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      if (dir) rmSync(dir, { recursive: true, force: true });
      resolve();
    };
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once("exit", done);
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
  });
}

/**
 * Retries a server start on a fresh port: freePort() can only say a port was free a moment ago, and with
 * parallel test files another throwaway server sometimes binds it first.
 */
async function withPortRetry(what: string, startOnce: (port: number) => Promise<TestServer>): Promise<TestServer> {
  let last: unknown;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      return await startOnce(await freePort());
    } catch (e) {
      last = e;
    }
  }
  throw new Error(`${what} did not start after 3 attempts: ${last instanceof Error ? last.message : String(last)}`);
}

/** A throwaway MariaDB in a temp dir on a free port; root without a password over 127.0.0.1. */
export async function startMariadb(opts: { replication?: "primary" | "replica"; serverId?: number } = {}): Promise<TestServer> {
  const installDb = findBinary("mariadb-install-db");
  const mariadbd = findBinary("mariadbd");
  if (!installDb || !mariadbd) throw new Error("mariadb-server is not installed (mariadbd, mariadb-install-db)");
  const dir = mkdtempSync(join(tmpdir(), "bookstore-mariadb-"));
  const data = join(dir, "data");
  // Its own tmpdir: bootstraps running in parallel in the shared /tmp have failed on each other's temp tables.
  const install = () => spawnSync(installDb, [
    "--no-defaults", "--user=root", `--datadir=${data}`, "--auth-root-authentication-method=normal", "--skip-test-db",
    `--tmpdir=${dir}`,
  ], { encoding: "utf8" });
  let init = install();
  if (init.status !== 0) {
    rmSync(data, { recursive: true, force: true });
    init = install();
  }
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`mariadb-install-db failed: ${init.stderr}`);
  }
  const socket = join(dir, "sock");
  try {
    return await withPortRetry("mariadbd", async (port) => {
      const child = spawn(mariadbd, [
        "--no-defaults", "--user=root", `--datadir=${data}`, `--socket=${socket}`, `--port=${port}`, `--tmpdir=${dir}`,
        "--bind-address=127.0.0.1", "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci",
        "--innodb-buffer-pool-size=64M", "--max-connections=500", "--innodb-flush-log-at-trx-commit=2",
        ...replicationArgs(opts.replication, opts.serverId ?? 1),
      ], { stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
      const url = `mysql://root@127.0.0.1:${port}`;
      try {
        await eventually(async () => {
          if (child.exitCode !== null) throw new Error(`mariadbd exited: ${stderr}`);
          const c = await createConnection({ uri: url });
          try {
            // Make sure the server on this port is ours, not a neighbour that won the port race.
            const [rows] = await c.query("SELECT @@socket AS socket");
            const seen = (rows as { socket?: string }[])[0]?.socket;
            if (seen !== socket) throw new Error(`port ${port} is held by another mariadbd (${seen ?? "?"})`);
          } finally {
            await c.end();
          }
        }, { timeoutMs: 60_000, intervalMs: 100 });
      } catch (e) {
        await stopProcess(child);
        throw e;
      }
      return { url, port, stop: () => stopProcess(child, dir) };
    });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

function replicationArgs(role: "primary" | "replica" | undefined, serverId: number): string[] {
  if (role === "primary") return [`--server-id=${serverId}`, "--log-bin=mysql-bin", "--binlog-format=ROW"];
  if (role === "replica") return [`--server-id=${serverId}`, "--skip-log-bin", "--relay-log=relay-bin", "--read-only=1"];
  return ["--skip-log-bin"];
}

export interface ReplicatedMariadb {
  primary: TestServer;
  replica: TestServer;
  /** Freezes applying on the replica (its data, and the heartbeat it sees, stop advancing). */
  stopReplicaSql(): Promise<void>;
  startReplicaSql(): Promise<void>;
  stop(): Promise<void>;
}

/** A primary and a replica replicating from it (GTID), both throwaway. */
export async function startReplicatedMariadb(): Promise<ReplicatedMariadb> {
  const primary = await startMariadb({ replication: "primary", serverId: 1 });
  let replica: TestServer | undefined;
  try {
    replica = await startMariadb({ replication: "replica", serverId: 2 });
    const onReplica = async (statement: string) => {
      const c = await createConnection({ uri: replica?.url ?? "" });
      try {
        await c.query(statement);
      } finally {
        await c.end();
      }
    };
    await onReplica(
      `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${primary.port}, MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos`,
    );
    await onReplica("START SLAVE");
    const r = replica;
    return {
      primary,
      replica: r,
      stopReplicaSql: () => onReplica("STOP SLAVE SQL_THREAD"),
      startReplicaSql: () => onReplica("START SLAVE SQL_THREAD"),
      stop: async () => {
        await r.stop();
        await primary.stop();
      },
    };
  } catch (e) {
    await replica?.stop();
    await primary.stop();
    throw e;
  }
}

export async function startRedis(): Promise<TestServer> {
  const bin = findBinary("redis-server");
  if (!bin) throw new Error("redis-server is not installed");
  const dir = mkdtempSync(join(tmpdir(), "bookstore-redis-"));
  try {
    return await withPortRetry("redis-server", async (port) => {
      const child = spawn(bin, ["--port", String(port), "--save", "", "--appendonly", "no", "--bind", "127.0.0.1", "--dir", dir], {
        stdio: "ignore",
      });
      const url = `redis://127.0.0.1:${port}`;
      try {
        await eventually(async () => {
          if (child.exitCode !== null) throw new Error("redis-server exited");
          const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
          r.on("error", () => undefined); // the probe's failure surfaces through connect() rejecting
          try {
            await r.connect();
            // Make sure the server on this port is ours, not a neighbour that won the port race.
            const seen = (await r.call("CONFIG", "GET", "dir")) as string[];
            if (seen[1] !== realpathSync(dir)) throw new Error(`port ${port} is held by another redis-server (${seen[1] ?? "?"})`);
          } finally {
            r.disconnect();
          }
        }, { timeoutMs: 15_000, intervalMs: 50 });
      } catch (e) {
        await stopProcess(child);
        throw e;
      }
      return { url, port, stop: () => stopProcess(child, dir) };
    });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
