import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { isCluster, openRedis, type RedisClient, type RedisResource } from "../kv/index.js";
import { eventually } from "./eventually.js";
import { findBinary } from "./servers.js";
import { useTestRedis } from "./test-database.js";

export interface TestClusterNode {
  port: number;
  /** The node's cluster id (40 hex characters). */
  id: string;
  role: "master" | "replica";
  /** For a replica: the id of the master it follows. */
  masterId?: string;
  /** False once killed (or seen as failed by the cluster). */
  alive: boolean;
}

/** A throwaway Redis Cluster (3 masters + 3 replicas, cluster-node-timeout 2000 ms). */
export interface TestRedisCluster {
  /** REDIS_URL for the cluster: `redis+cluster://` and every node as a seed. */
  url: string;
  /** Every node, as the cluster sees it now (roles change after a failover). */
  nodes(): Promise<TestClusterNode[]>;
  /** The master currently serving `key`'s slot. */
  masterOf(key: string): Promise<TestClusterNode>;
  /**
   * SIGKILLs a master: the one serving `key`'s slot, or the index-th master in port order. Resolves once the
   * process is gone (not once its replica took over: see waitUntilHealthy).
   */
  killMaster(target: { key: string } | { index: number }): Promise<TestClusterNode>;
  /** SIGKILLs any node (a replica, or the node holding a subscriber connection). */
  killNode(port: number): Promise<void>;
  /** One command on one node, straight to it (CLIENT LIST, INFO…). */
  call(port: number, ...args: [string, ...(string | number)[]]): Promise<unknown>;
  /** Resolves when every live node reports cluster_state:ok, all 16384 slots are served by live masters. */
  waitUntilHealthy(timeoutMs?: number): Promise<void>;
  /** FLUSHALL on every live master (suites sharing one cluster between tests). */
  flushAll(): Promise<void>;
  stop(): Promise<void>;
}

export interface RedisClusterOptions {
  /** Replicas per master: 1 (default) for failover tests. */
  replicas?: 0 | 1;
  /** cluster-node-timeout: how long a master may be unreachable before its replica is promoted. */
  nodeTimeoutMs?: number;
}

const MASTERS = 3;
const SLOTS = 16_384;
/** A node's cluster bus listens on port + 10000, so both must be free; this range keeps both below the ephemeral one. */
const PORT_RANGE = { from: 12_000, to: 22_000 };
const BUS_OFFSET = 10_000;

interface Node {
  port: number;
  child: ChildProcess;
  dir: string;
}

export async function startRedisCluster(opts: RedisClusterOptions = {}): Promise<TestRedisCluster> {
  const server = findBinary("redis-server");
  const cli = findBinary("redis-cli");
  if (!server || !cli) throw new Error("redis-server / redis-cli are not installed");
  const replicas = opts.replicas ?? 1;
  const nodeTimeoutMs = opts.nodeTimeoutMs ?? 2_000;
  const root = mkdtempSync(join(tmpdir(), "bookstore-redis-cluster-"));
  const nodes: Node[] = [];
  const stopAll = async () => {
    await Promise.all(nodes.map((n) => stopChild(n.child)));
    rmSync(root, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < MASTERS * (1 + replicas); i++) nodes.push(await startNode(server, root, nodeTimeoutMs));
    const create = spawnSync(cli, [
      "--cluster", "create", ...nodes.map((n) => `127.0.0.1:${n.port}`), "--cluster-replicas", String(replicas), "--cluster-yes",
    ], { encoding: "utf8", timeout: 60_000 });
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
    const cluster = handle(nodes, replicas, stopAll);
    await cluster.waitUntilHealthy(60_000);
    return cluster;
  } catch (e) {
    await stopAll();
    throw e;
  }
}

function handle(nodes: Node[], replicas: number, stopAll: () => Promise<void>): TestRedisCluster {
  const killed = new Set<number>();
  const live = () => nodes.filter((n) => !killed.has(n.port) && n.child.exitCode === null && n.child.signalCode === null);
  const anyLive = () => {
    const n = live()[0];
    if (!n) throw new Error("every cluster node is down");
    return n;
  };

  const kill = async (port: number) => {
    const node = nodes.find((n) => n.port === port);
    if (!node) throw new Error(`no cluster node on ${port}`);
    killed.add(port);
    await new Promise<void>((resolve) => {
      if (node.child.exitCode !== null || node.child.signalCode !== null) return resolve();
      node.child.once("exit", () => resolve());
      node.child.kill("SIGKILL");
    });
  };
  const withSlots = async () => {
    const text = String(await onNode(anyLive().port, "CLUSTER", "NODES"));
    return parseClusterNodes(text).map((n) => ({ ...n, alive: n.alive && !killed.has(n.port) }));
  };
  const nodesNow = async (): Promise<TestClusterNode[]> => (await withSlots()).map(({ slots: _slots, ...n }) => n);

  const masterOf = async (key: string): Promise<TestClusterNode> => {
    const slot = Number(await onNode(anyLive().port, "CLUSTER", "KEYSLOT", key));
    const shards = (await onNode(anyLive().port, "CLUSTER", "SLOTS")) as [number, number, [string, number, string], ...unknown[]][];
    const owner = shards.find(([from, to]) => slot >= from && slot <= to)?.[2][1];
    const node = (await nodesNow()).find((n) => n.port === owner);
    if (!node) throw new Error(`no master serves slot ${slot}`);
    return node;
  };

  return {
    url: `redis+cluster://${nodes.map((n) => `127.0.0.1:${n.port}`).join(",")}`,
    nodes: nodesNow,
    masterOf,
    async killMaster(target) {
      const victim = "key" in target
        ? await masterOf(target.key)
        : (await nodesNow()).filter((n) => n.role === "master" && n.alive).sort((a, b) => a.port - b.port)[target.index];
      if (!victim) throw new Error("no such master");
      await kill(victim.port);
      return { ...victim, alive: false };
    },
    killNode: (port) => kill(port),
    call: (port, ...args) => onNode(port, ...args),
    async waitUntilHealthy(timeoutMs = 30_000) {
      await eventually(async () => {
        const running = live();
        for (const n of running) {
          const info = String(await onNode(n.port, "CLUSTER", "INFO"));
          if (!info.includes("cluster_state:ok")) throw new Error(`node ${n.port}: ${info.split("\r\n")[0] ?? ""}`);
          if (!info.includes(`cluster_slots_ok:${SLOTS}`)) throw new Error(`node ${n.port}: not every slot is ok`);
        }
        const seen = await withSlots();
        const masters = seen.filter((n) => n.role === "master" && n.alive && n.slots > 0);
        if (masters.reduce((sum, m) => sum + m.slots, 0) !== SLOTS) throw new Error("slots not all served by live masters");
        // Replicas must have synced before a failover can promote them (and before a test may kill their master).
        for (const r of seen.filter((n) => n.role === "replica" && n.alive)) {
          const info = String(await onNode(r.port, "INFO", "replication"));
          if (!info.includes("master_link_status:up")) throw new Error(`replica ${r.port} has not synced`);
        }
        if (replicas > 0 && killed.size === 0 && seen.filter((n) => n.role === "replica").length !== MASTERS * replicas)
          throw new Error("replicas not attached yet");
      }, { timeoutMs, intervalMs: 100 });
    },
    async flushAll() {
      const masters = (await nodesNow()).filter((n) => n.role === "master" && n.alive);
      await Promise.all(masters.map((m) => onNode(m.port, "FLUSHALL")));
    },
    stop: stopAll,
  };
}

/** CLUSTER NODES: `<id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch> <link> <slot ranges…>` per line. */
function parseClusterNodes(text: string): (TestClusterNode & { slots: number })[] {
  return text.split("\n").filter((line) => line.trim() !== "").map((line): TestClusterNode & { slots: number } => {
    const [id = "", address = "", flags = "", master = "-", , , , , ...ranges] = line.trim().split(" ");
    const flagList = flags.split(",");
    const slots = ranges.filter((r) => !r.startsWith("[")).reduce((sum, r) => {
      const [from = 0, to = from] = r.split("-").map(Number);
      return sum + (to - from + 1);
    }, 0);
    return {
      id,
      port: Number(address.split("@")[0]?.split(":").at(-1)),
      role: flagList.includes("master") ? "master" : "replica",
      ...(master === "-" ? {} : { masterId: master }),
      alive: !flagList.includes("fail") && !flagList.includes("fail?"),
      slots,
    };
  });
}

/** One command on one node, over a connection of its own (no cluster redirection: the node answers itself). */
async function onNode(port: number, ...args: [string, ...(string | number)[]]): Promise<unknown> {
  const r = new Redis({ host: "127.0.0.1", port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on("error", () => undefined); // the failure surfaces through the rejected command
  try {
    await r.connect();
    return await r.call(...args);
  } finally {
    r.disconnect();
  }
}

async function startNode(bin: string, root: string, nodeTimeoutMs: number): Promise<Node> {
  let last: unknown;
  for (let attempt = 1; attempt <= 5; attempt++) {
    const port = await freeClusterPort();
    const dir = join(root, String(port));
    mkdirSync(dir, { recursive: true });
    const child = spawn(bin, [
      "--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no",
      "--cluster-enabled", "yes", "--cluster-config-file", join(dir, "nodes.conf"),
      "--cluster-node-timeout", String(nodeTimeoutMs),
      // A replica always takes over, however long it was out of touch (the tests kill masters on purpose).
      "--cluster-replica-validity-factor", "0",
      "--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0",
    ], { stdio: "ignore" });
    try {
      await eventually(async () => {
        if (child.exitCode !== null) throw new Error(`redis-server on ${port} exited (port taken?)`);
        // Make sure the node on this port is ours, not a neighbour that won the port race.
        const seen = (await onNode(port, "CONFIG", "GET", "dir")) as string[];
        if (seen[1] !== realpathSync(dir)) throw new Error(`port ${port} is held by another redis-server`);
      }, { timeoutMs: 15_000, intervalMs: 50 });
      return { port, child, dir };
    } catch (e) {
      last = e;
      await stopChild(child);
    }
  }
  throw new Error(`cluster node did not start after 5 attempts: ${last instanceof Error ? last.message : String(last)}`);
}

/** A port that is free and whose bus port (port + 10000) is free too. */
async function freeClusterPort(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = PORT_RANGE.from + Math.floor(Math.random() * (PORT_RANGE.to - PORT_RANGE.from));
    if ((await canListen(port)) && (await canListen(port + BUS_OFFSET))) return port;
  }
  throw new Error("no free port pair for a cluster node");
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
  });
}

export type RedisTopology = "standalone" | "cluster";
/** For describe.each: every Redis-backed suite runs on one server and on a Cluster. */
export const REDIS_TOPOLOGIES: readonly RedisTopology[] = ["standalone", "cluster"];

/**
 * useTestRedis for either topology: a throwaway redis-server, or a 3 + 3 Cluster, for this describe block, with a
 * connected client (openRedis, so the same factory production uses). Start one per file: six redis-servers are
 * not free on a small machine.
 */
export function useTestRedisTopology(topology: RedisTopology): {
  readonly redis: RedisResource;
  readonly url: string;
  /** The Cluster's handle (kill a master…); undefined for standalone. */
  readonly cluster: TestRedisCluster | undefined;
} {
  if (topology === "standalone") {
    const server = useTestRedis();
    return {
      get redis() {
        return server.redis;
      },
      get url() {
        return server.url;
      },
      cluster: undefined,
    };
  }
  let cluster: TestRedisCluster | undefined;
  let resource: RedisResource | undefined;
  beforeAll(async () => {
    cluster = await startRedisCluster();
    resource = await openRedis(cluster.url);
  });
  afterAll(async () => {
    await resource?.close();
    await cluster?.stop();
  });
  return {
    get redis() {
      if (!resource) throw new Error("test redis cluster not started yet");
      return resource;
    },
    get url() {
      if (!cluster) throw new Error("test redis cluster not started yet");
      return cluster.url;
    },
    get cluster() {
      return cluster;
    },
  };
}

/** KEYS on every master: on a Cluster a keyless command reaches one random node only. */
export async function keysEverywhere(client: RedisClient, pattern: string): Promise<string[]> {
  if (!isCluster(client)) return client.keys(pattern);
  // The node list fills in once the client has read the slot table.
  if (client.status !== "ready") await new Promise((resolve) => client.once("ready", resolve));
  return (await Promise.all(client.nodes("master").map((node) => node.keys(pattern)))).flat();
}
