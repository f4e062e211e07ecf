import { spawn } from "node:child_process";
import { openSync, closeSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { stringify } from "yaml";
import { SERVICE_NAMES, type ServiceName } from "@bookstore/platform/config";
import type { ClusterDir, ClusterSecrets } from "./cluster-state.js";
import { baseEnv } from "./infrastructure.js";
import type { Member } from "./member.js";
import { spawnDetached } from "./processes.js";

const CLI = resolve(import.meta.dirname, "../../bin/bookstore.mjs");

/** Where the shared infrastructure answers and which ports the bookstore processes got. */
export interface AppTopology {
  databaseUrl: string;
  replicaUrls: string[];
  redisUrl: string;
  etcdUrl: string;
  /** Per service, one port per instance (instance 1 first). */
  servicePorts: Record<ServiceName, number[]>;
  gatewayPorts: number[];
  /** The edge (nginx) as clients reach it, and the dev certificate that processes must trust to call it. */
  publicUrl: string;
  caFile: string;
}

type AppName = ServiceName | "gateway";

/**
 * The production config of one process, as a YAML file (its path in the command line also tells instances apart).
 * Secrets are not in it: they come from the state dir's secrets.json through the environment.
 */
function writeConfig(dir: ClusterDir, topo: AppTopology, name: AppName | "maintenance", instance: number): string {
  const url = (s: ServiceName) => `http://127.0.0.1:${topo.servicePorts[s][0] ?? 0}`;
  const services = Object.fromEntries(
    SERVICE_NAMES.map((s) => [s, { port: (s === name ? topo.servicePorts[s][instance - 1] : undefined) ?? topo.servicePorts[s][0] ?? 0, url: url(s) }]),
  );
  const config = {
    profile: "production",
    host: "127.0.0.1",
    port: name === "gateway" ? (topo.gatewayPorts[instance - 1] ?? 0) : (topo.gatewayPorts[0] ?? 0),
    dataDir: dir.ensure("apps", `${name}-${instance}`),
    logLevel: "info",
    database: { dialect: "mysql", url: topo.databaseUrl, replicaUrls: topo.replicaUrls },
    redisUrl: topo.redisUrl,
    // Services register here and find each other by it (issue 8); the static `services` URLs are the fallback.
    discovery: { etcdUrl: topo.etcdUrl },
    // The mock payment provider calls the public URL, as a real one would: nginx spreads it over live gateways.
    payments: { callbackUrl: `${topo.publicUrl}/api/v1/payments/callback` },
    services,
  };
  const file = configPath(dir, name, instance);
  dir.ensure("config");
  writeFileSync(file, `# Written by \`bookstore cluster up\` on every run; edit the flags, not this file.\n${stringify(config)}`);
  return file;
}

const configPath = (dir: ClusterDir, name: string, instance: number) => dir.path("config", `${name}-${instance}.yaml`);

function appEnv(topo: AppTopology, secrets: ClusterSecrets): NodeJS.ProcessEnv {
  return {
    ...baseEnv(),
    BOOKSTORE_AUTH__JWT_SECRET: secrets.jwtSecret,
    BOOKSTORE_PAYMENTS__HMAC_SECRET: secrets.hmacSecret,
    // Node reads it at start: outgoing HTTPS (the payment callback through nginx) then trusts the dev certificate.
    NODE_EXTRA_CA_CERTS: topo.caFile,
  };
}

/** `bookstore serve <name>` for one instance. */
export function appMember(dir: ClusterDir, topo: AppTopology, secrets: ClusterSecrets, name: AppName, instance: number): Member {
  const port = name === "gateway" ? topo.gatewayPorts[instance - 1] : topo.servicePorts[name][instance - 1];
  if (port === undefined) throw new Error(`no port for ${name}/${instance}`);
  const config = configPath(dir, name, instance);
  return {
    component: name,
    instance: String(instance),
    address: `127.0.0.1:${port}`,
    marker: config,
    async start() {
      writeConfig(dir, topo, name, instance);
      return spawnDetached(process.execPath, [CLI, "serve", name, "--config", config], {
        logFile: dir.log(`${name}-${instance}`),
        env: appEnv(topo, secrets),
      });
    },
    async notReady() {
      // Services answer HTTP/1.1 GETs of /readyz on their gRPC port too, like the gateway.
      const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(3_000) });
      if (res.status === 200) return undefined;
      return `readyz ${res.status} ${(await res.text()).slice(0, 200)}`;
    },
  };
}

/** `bookstore migrate`, then `bookstore seed --demo` when `seed`; output goes to logs/maintenance.log. */
export async function runMaintenance(dir: ClusterDir, topo: AppTopology, secrets: ClusterSecrets, seed: boolean): Promise<void> {
  const config = writeConfig(dir, topo, "maintenance", 1);
  const commands = [["migrate"], ...(seed ? [["seed", "--demo"]] : [])];
  for (const args of commands) {
    const logFile = dir.log("maintenance");
    const log = openSync(logFile, "a");
    try {
      const code = await new Promise<number | null>((done, fail) => {
        const child = spawn(process.execPath, [CLI, ...args, "--config", config], { stdio: ["ignore", log, log], env: appEnv(topo, secrets) });
        child.once("error", fail);
        child.once("exit", done);
      });
      if (code !== 0) throw new Error(`bookstore ${args.join(" ")} exited ${code ?? "by a signal"} (see ${logFile})`);
    } finally {
      closeSync(log);
    }
  }
}
