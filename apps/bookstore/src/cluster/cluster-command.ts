import { rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ensureRedisCluster, ensureReplication, redisAnswers } from "./infrastructure.js";
import { runMaintenance } from "./app-processes.js";
import { makeDevCertificate } from "./dev-cert.js";
import { allMembers, planCluster } from "./cluster-plan.js";
import { ClusterDir, DEFAULT_OPTIONS, newState, type ClusterOptions, type ClusterState } from "./cluster-state.js";
import { memberKey, waitUntil, type Member } from "./member.js";
import { nginxArgs, writeNginxConfig } from "./nginx-config.js";
import { isOurs, stopProcess } from "./processes.js";
import { statusRows, renderStatusTable } from "./status-table.js";

export const CLUSTER_USAGE = `usage: bookstore cluster <up|status|down|nginx-config> [options]
  up        start the production topology on this machine (idempotent: what runs is left running)
              --instances N (2)  instances of every service and of the gateway
              --redis cluster|standalone (cluster: 3 masters + 3 replicas)
              --https-port P (8443)  --http-port P (8880)  nginx on 127.0.0.1
              --timeout S (180)  how long to wait for everything to be ready
  status    health table of every process (exit 1 unless all are up and ready); --json for machines
  down      stop everything (SIGTERM, SIGKILL after a grace period); data is kept unless --purge
  nginx-config  render deploy/nginx for your own gateways: --out DIR --upstream host:port[,host:port…]
              --cert FILE --key FILE [--http-listen 80] [--https-listen 443] [--hsts]
  --dir D   state, data and logs (default: <DATA_DIR or ./data>/cluster)`;

class ClusterUsageError extends Error {}

function parseOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dir: { type: "string" }, instances: { type: "string" }, redis: { type: "string" },
      "https-port": { type: "string" }, "http-port": { type: "string" }, timeout: { type: "string" },
      purge: { type: "boolean", default: false }, json: { type: "boolean", default: false }, help: { type: "boolean" },
      out: { type: "string" }, upstream: { type: "string" }, cert: { type: "string" }, key: { type: "string" },
      "http-listen": { type: "string" }, "https-listen": { type: "string" }, hsts: { type: "boolean", default: false },
    },
  });
}

/** `bookstore cluster …`; answers the exit code. Output is for people: one line per step. */
export async function runClusterCommand(argv: string[], env: Readonly<Record<string, string | undefined>>): Promise<number> {
  let parsed;
  try {
    parsed = parseOptions(argv);
  } catch (e) {
    // Unknown or malformed flags: the message and the usage, like any other usage error.
    console.error(`${e instanceof Error ? e.message : String(e)}\n\n${CLUSTER_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const sub = positionals[0];
  if (values.help || !sub) {
    console.log(CLUSTER_USAGE);
    return 0;
  }
  const dir = new ClusterDir(values.dir ?? join(env["DATA_DIR"] || "./data", "cluster"));
  try {
    switch (sub) {
      case "up":
        return await up(dir, {
          ...(values.instances !== undefined ? { instances: integer("--instances", values.instances, 1, 8) } : {}),
          ...(values.redis !== undefined ? { redis: redisMode(values.redis) } : {}),
          ...(values["https-port"] !== undefined ? { httpsPort: integer("--https-port", values["https-port"], 1, 65_535) } : {}),
          ...(values["http-port"] !== undefined ? { httpPort: integer("--http-port", values["http-port"], 1, 65_535) } : {}),
        }, integer("--timeout", values.timeout ?? "180", 10, 3_600) * 1000);
      case "status":
        return await status(dir, values.json);
      case "down":
        return await down(dir, values.purge);
      case "nginx-config": {
        if (!values.out || !values.upstream || !values.cert || !values.key)
          throw new ClusterUsageError("nginx-config needs --out, --upstream, --cert and --key");
        const file = writeNginxConfig({
          dir: values.out, upstreams: values.upstream.split(","), certFile: values.cert, keyFile: values.key,
          httpListen: values["http-listen"] ?? "80", httpsListen: values["https-listen"] ?? "443", hsts: values.hsts,
        });
        console.log(`wrote ${file}; run: nginx ${nginxArgs(values.out).map((a) => (a.includes(" ") ? `'${a}'` : a)).join(" ")}`);
        return 0;
      }
      default:
        throw new ClusterUsageError(`unknown cluster command ${sub}`);
    }
  } catch (e) {
    if (e instanceof ClusterUsageError) {
      console.error(`${e.message}\n\n${CLUSTER_USAGE}`);
      return 2;
    }
    // An operator wants the reason and where to look, not a stack trace.
    const where = sub === "up" || sub === "down" ? `\n(logs: ${dir.path("logs")})` : "";
    console.error(`cluster ${sub} failed: ${e instanceof Error ? e.message : String(e)}${where}`);
    return 1;
  }
}

async function up(dir: ClusterDir, flags: Partial<ClusterOptions>, timeoutMs: number): Promise<number> {
  const previous = dir.loadState();
  if (previous?.options.redis !== undefined && flags.redis !== undefined && flags.redis !== previous.options.redis)
    throw new ClusterUsageError(`this cluster was made with --redis ${previous.options.redis}; \`down --purge\` first to change it`);
  const state: ClusterState = previous ?? newState({ ...DEFAULT_OPTIONS });
  state.options = { ...state.options, ...flags };
  const secrets = dir.secrets();
  const plan = await planCluster(dir, state, secrets);
  dir.saveState(state);
  // Made first: the bookstore processes trust it for calls through the edge (kept across runs; a year long).
  makeDevCertificate(dir.ensure("tls"), { days: 365 });
  console.log(`cluster in ${dir.root}`);
  const deadline = Date.now() + timeoutMs;
  const left = () => Math.max(1_000, deadline - Date.now());

  const { primary, replica } = plan.mariadb;
  const dbPids = await Promise.all([ensureRunning(dir, state, primary), ensureRunning(dir, state, replica)]);
  await waitReady(primary, dbPids[0], left());
  await waitUntil("mariadb replica replication", async () => {
    await ensureReplication(port(primary), port(replica));
    return replica.notReady();
  }, left());

  const redisPids = await Promise.all(plan.redis.map((m) => ensureRunning(dir, state, m)));
  await Promise.all(plan.redis.map((m, i) => waitUntil(memberKey(m), () => exited(m, redisPids[i]) ?? redisAnswers(port(m)), left())));
  if (state.options.redis === "cluster") console.log(`redis cluster: ${await ensureRedisCluster(plan.redisPorts)}`);
  await Promise.all(plan.redis.map((m, i) => waitReady(m, redisPids[i], left())));

  await waitReady(plan.etcd, await ensureRunning(dir, state, plan.etcd), left());

  // Migrations run on every up (new ones apply, old ones are no-ops); demo data only into the fresh databases.
  await runMaintenance(dir, plan.topology, secrets, !state.seeded);
  console.log(state.seeded ? "migrations applied" : "migrations applied, demo data seeded");
  state.seeded = true;
  dir.saveState(state);

  for (const group of [plan.services, plan.gateways, [plan.edge]]) {
    const pids = await Promise.all(group.map((m) => ensureRunning(dir, state, m)));
    await Promise.all(group.map((m, i) => waitReady(m, pids[i], left())));
  }
  console.log(`\n${renderStatusTable(await statusRows(allMembers(plan), state))}`);
  console.log(`\nbookstore: ${plan.edge.address}/ (trust ${dir.path("tls", "dev-cert.pem")}; demo users in README)`);
  return 0;
}

/** Starts `m` unless the process recorded for it still runs; answers its pid either way. */
async function ensureRunning(dir: ClusterDir, state: ClusterState, m: Member): Promise<number> {
  const key = memberKey(m);
  const known = state.processes[key];
  if (known && isOurs(known.pid, m.marker)) {
    const refreshed = await m.refresh?.(known.pid);
    console.log(`${key}: already running (pid ${known.pid})${refreshed ? `; ${refreshed}` : ""}`);
    return known.pid;
  }
  const pid = await m.start();
  state.processes[key] = { pid, marker: m.marker, startedAt: new Date().toISOString() };
  dir.saveState(state);
  console.log(`${key}: started (pid ${pid}, ${m.address})`);
  return pid;
}

function exited(m: Member, pid: number | undefined): Promise<string> | undefined {
  return isOurs(pid, m.marker) ? undefined : Promise.resolve(`exited (see logs/${m.component}-${m.instance}.log)`);
}

function waitReady(m: Member, pid: number | undefined, timeoutMs: number): Promise<void> {
  return waitUntil(memberKey(m), () => exited(m, pid) ?? m.notReady(), timeoutMs);
}

const port = (m: Member): number => Number(m.address.split(":").at(-1));

async function status(dir: ClusterDir, json: boolean): Promise<number> {
  const state = dir.loadState();
  if (!state) {
    console.error(`no cluster in ${dir.root} (run \`bookstore cluster up\`)`);
    return 1;
  }
  const plan = await planCluster(dir, state, dir.secrets());
  const rows = await statusRows(allMembers(plan), state);
  console.log(json ? JSON.stringify(rows, null, 2) : renderStatusTable(rows));
  return rows.every((r) => r.up && r.ready) ? 0 : 1;
}

async function down(dir: ClusterDir, purge: boolean): Promise<number> {
  const state = dir.loadState();
  if (state) {
    const plan = await planCluster(dir, state, dir.secrets());
    // Reverse start order, each group at once: the edge first, the databases last.
    const groups: Member[][] = [[plan.edge], plan.gateways, plan.services, [plan.etcd], plan.redis, [plan.mariadb.replica], [plan.mariadb.primary]];
    for (const group of groups) {
      await Promise.all(group.map(async (m) => {
        const key = memberKey(m);
        const pid = state.processes[key]?.pid;
        const outcome = pid === undefined ? "not running" : await stopProcess(pid, m.marker, m.component === "mariadb" ? 60_000 : 15_000);
        delete state.processes[key];
        console.log(`${key}: ${outcome}`);
      }));
      dir.saveState(state);
    }
    // Left from an `up` with more instances than the current options name.
    for (const [key, rec] of Object.entries(state.processes)) {
      console.log(`${key}: ${await stopProcess(rec.pid, rec.marker, 15_000)}`);
      delete state.processes[key];
    }
    dir.saveState(state);
  } else {
    console.log(`no cluster state in ${dir.root}`);
  }
  if (purge) {
    rmSync(dir.root, { recursive: true, force: true });
    console.log(`removed ${dir.root}`);
  }
  return 0;
}

function integer(flag: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ClusterUsageError(`${flag} must be an integer from ${min} to ${max}`);
  return n;
}

function redisMode(raw: string): ClusterOptions["redis"] {
  if (raw === "cluster" || raw === "standalone") return raw;
  throw new ClusterUsageError("--redis must be cluster or standalone");
}
