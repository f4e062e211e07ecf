import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";

export interface ClusterOptions {
  /** Instances of each service and of the gateway. */
  instances: number;
  redis: "cluster" | "standalone";
  httpPort: number;
  httpsPort: number;
}

export interface ProcessRecord {
  pid: number;
  /** What its command line contains (see Member.marker), so a reused pid is never taken for it. */
  marker: string;
  startedAt: string;
}

/** ./data/cluster/state.json: what `up` chose once (options, ports) and what it started (pids). */
export interface ClusterState {
  version: 1;
  createdAt: string;
  options: ClusterOptions;
  /** Ports by `<component>/<instance>`, allocated on first use and kept, so data (Redis nodes.conf) stays valid. */
  ports: Record<string, number>;
  /** Set once `seed --demo` succeeded: later `up`s only migrate. */
  seeded: boolean;
  processes: Record<string, ProcessRecord>;
}

export interface ClusterSecrets {
  jwtSecret: string;
  hmacSecret: string;
}

export const DEFAULT_OPTIONS: ClusterOptions = { instances: 2, redis: "cluster", httpPort: 8880, httpsPort: 8443 };

/** Where everything of one cluster lives; created on demand. */
export class ClusterDir {
  readonly root: string;

  constructor(dir: string) {
    this.root = resolve(dir);
  }

  path(...parts: string[]): string {
    return join(this.root, ...parts);
  }

  /** A directory below the root, created if missing. */
  ensure(...parts: string[]): string {
    const p = this.path(...parts);
    mkdirSync(p, { recursive: true });
    return p;
  }

  log(name: string): string {
    return join(this.ensure("logs"), `${name}.log`);
  }

  loadState(): ClusterState | undefined {
    const file = this.path("state.json");
    if (!existsSync(file)) return undefined;
    const state = JSON.parse(readFileSync(file, "utf8")) as ClusterState;
    if (state.version !== 1) throw new Error(`${file}: unknown state version ${String(state.version)}`);
    return state;
  }

  /** Written to a temp file and renamed, so a crash mid-write never leaves half a state file. */
  saveState(state: ClusterState): void {
    this.ensure();
    const file = this.path("state.json");
    writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
  }

  /** Generated on the first `up` and reused, so tokens and signed callbacks stay valid across restarts. Mode 0600. */
  secrets(): ClusterSecrets {
    const file = this.path("secrets.json");
    if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as ClusterSecrets;
    const secrets: ClusterSecrets = { jwtSecret: randomBytes(32).toString("hex"), hmacSecret: randomBytes(32).toString("hex") };
    this.ensure();
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    return secrets;
  }
}

export function newState(options: ClusterOptions): ClusterState {
  return { version: 1, createdAt: new Date().toISOString(), options, ports: {}, seeded: false, processes: {} };
}

/**
 * The port recorded for `key`, or a free loopback port recorded now. `withBus` also needs port+10000 free (a Redis
 * Cluster node's bus port).
 */
export async function portFor(state: ClusterState, key: string, opts: { withBus?: boolean } = {}): Promise<number> {
  const known = state.ports[key];
  if (known !== undefined) return known;
  const taken = new Set(Object.values(state.ports));
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await freeLoopbackPort(0);
    if (taken.has(port) || (opts.withBus && (port > 55_535 || taken.has(port + 10_000)))) continue;
    if (opts.withBus && !(await isFree(port + 10_000))) continue;
    state.ports[key] = port;
    return port;
  }
  throw new Error(`no free port found for ${key}`);
}

function freeLoopbackPort(port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(port, "127.0.0.1", () => {
      const address = srv.address();
      const got = typeof address === "object" && address ? address.port : port;
      srv.close(() => resolvePort(got));
    });
  });
}

function isFree(port: number): Promise<boolean> {
  return freeLoopbackPort(port).then(
    () => true,
    () => false,
  );
}
