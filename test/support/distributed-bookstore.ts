import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:http2";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { eventually, freePort } from "@bookstore/platform/testing";
import { SERVICE_NAMES, type ServiceName } from "@bookstore/platform/config";
import { request } from "./bookstore.js";
import { heavySuiteSlot } from "./heavy-suite.js";

const CLI = join(import.meta.dirname, "../../apps/bookstore/bin/bookstore.mjs");

export interface DistributedBookstore {
  /** The gateway's HTTP address. */
  baseUrl: string;
  /** The environment every process got (ports, secrets, the data dir). */
  env: NodeJS.ProcessEnv;
  /** A service process's gRPC (HTTP/2 cleartext) address. */
  serviceUrl(service: ServiceName): string;
  /** SIGTERM to every process (SIGKILL after 5 s), then the data dir goes. */
  stop(): Promise<void>;
  /** Every `serve` process started so far (first instances, `instances` extras, startInstance), in start order. */
  processes: ServeProcess[];
  /** One more `bookstore serve <name>` on a free port (reachable by peers only with discovery); resolves once /healthz answers. */
  startInstance(name: ServiceName | "gateway", env?: NodeJS.ProcessEnv): Promise<ServeProcess>;
}

export interface ServeProcess {
  name: ServiceName | "gateway";
  port: number;
  /** http://127.0.0.1:<port> (HTTP/1.1 for /healthz, /readyz, /metrics on every process). */
  url: string;
  child: ChildProcess;
  /** Settles when the process has exited. */
  exited: Promise<void>;
}

const portKey = (name: ServiceName | "gateway") => (name === "gateway" ? "PORT" : `BOOKSTORE_SERVICES__${name.toUpperCase()}__PORT`);

function track(name: ServiceName | "gateway", port: number, child: ChildProcess): ServeProcess {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  return { name, port, url: `http://127.0.0.1:${port}`, child, exited };
}

/** `bookstore <args>` as a child process; its stderr tail is printed if it fails. */
export function runBookstore(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  child.once("exit", (code, signal) => {
    if (code !== 0 && code !== null) console.error(`bookstore ${args.join(" ")} exited ${code ?? signal}: ${stderr}`);
  });
  return child;
}

function terminate(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
  });
}

/**
 * The environment every process of one distributed bookstore shares: free ports for the gateway and each service,
 * fresh secrets, SQLite files in `dataDir`; `extra` is added last.
 */
export async function distributedEnv(dataDir: string, extra: NodeJS.ProcessEnv = {}): Promise<{ env: NodeJS.ProcessEnv; baseUrl: string }> {
  const gatewayPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env["PATH"],
    PORT: String(gatewayPort),
    DATA_DIR: dataDir,
    BOOKSTORE_HOST: "127.0.0.1",
    BOOKSTORE_LOG_LEVEL: "warn",
    BOOKSTORE_SEED_DEMO: "false",
    BOOKSTORE_AUTH__JWT_SECRET: randomBytes(32).toString("hex"),
    BOOKSTORE_PAYMENTS__HMAC_SECRET: randomBytes(32).toString("hex"),
  };
  for (const s of SERVICE_NAMES) {
    const port = await freePort();
    env[`BOOKSTORE_SERVICES__${s.toUpperCase()}__PORT`] = String(port);
    env[`BOOKSTORE_SERVICES__${s.toUpperCase()}__URL`] = `http://127.0.0.1:${port}`;
  }
  return { env: { ...env, ...extra }, baseUrl: `http://127.0.0.1:${gatewayPort}` };
}

/**
 * Distributed mode for black-box tests: `bookstore seed --demo`, then `bookstore serve <name>` for the gateway and
 * each service as separate processes on free ports (SQLite files in a temp dir). Resolves once a demo user can
 * sign in through the gateway, i.e. the gateway and the user service answer.
 */
export async function startDistributedBookstore(
  opts: {
    env?: NodeJS.ProcessEnv;
    /** Instances per service (default 1); extras get their own ports and need discovery (ETCD_URL in env) to be reached. */
    instances?: Partial<Record<ServiceName, number>>;
  } = {},
): Promise<DistributedBookstore> {
  const release = await heavySuiteSlot("distributed bookstore");
  // Ports are picked free and taken only when each process listens: another suite can take one in between. A process
  // that exits while the bookstore starts (EADDRINUSE, say) fails this attempt, and a new one gets fresh ports.
  for (let attempt = 1; ; attempt++) {
    const dataDir = mkdtempSync(join(tmpdir(), "bookstore-dist-"));
    const { env, baseUrl } = await distributedEnv(dataDir, { BOOKSTORE_PAYMENTS__CALLBACK_DELAY_MS: "50", ...opts.env });
    const children: ChildProcess[] = [];
    const processes: ServeProcess[] = [];
    const spawnServe = (name: ServiceName | "gateway", port: number, extra: NodeJS.ProcessEnv = {}): ServeProcess => {
      const p = track(name, port, runBookstore(["serve", name], { ...env, [portKey(name)]: String(port), ...extra }));
      children.push(p.child);
      processes.push(p);
      return p;
    };
    const stopProcesses = async () => {
      await Promise.all(children.map(terminate));
      rmSync(dataDir, { recursive: true, force: true });
    };
    const stop = async () => {
      await stopProcesses();
      release();
    };
    try {
      const seed = runBookstore(["seed", "--demo"], env);
      const code = await new Promise<number | null>((resolve) => seed.once("exit", resolve));
      if (code !== 0) throw new Error(`bookstore seed --demo exited ${code}`);
      for (const s of [...SERVICE_NAMES, "gateway"] as const) spawnServe(s, Number(env[portKey(s)]));
      for (const [s, n] of Object.entries(opts.instances ?? {}) as [ServiceName, number][])
        for (let i = 1; i < n; i++) spawnServe(s, await freePort());
      // Promise.race keeps a handler on both, so whichever settles second (a later exit, a late login timeout) is
      // ignored rather than unhandled.
      const firstExit = Promise.race(processes.map((p) => p.exited.then(() => p)));
      await Promise.race([
        eventually(async () => {
          const res = await request(baseUrl, "POST", "/api/v1/auth/login", { body: { username: "customer", password: "bookstore-customer" } });
          if (res.status !== 200) throw new Error(`login answered ${res.status}`);
        }, { timeoutMs: 60_000, intervalMs: 250 }),
        firstExit.then((p) => {
          throw new StartupExit(`bookstore serve ${p.name} (port ${p.port}) exited while the bookstore started`);
        }),
      ]);
      return {
        baseUrl,
        env,
        serviceUrl: (sv) => env[`BOOKSTORE_SERVICES__${sv.toUpperCase()}__URL`] ?? "",
        stop,
        processes,
        startInstance: async (name, extra) => {
          const p = spawnServe(name, await freePort(), extra);
          await eventually(async () => {
            if (p.child.exitCode !== null) throw new Error(`serve ${name} exited ${p.child.exitCode}`);
            const res = await fetch(`${p.url}/healthz`);
            if (res.status !== 200) throw new Error(`healthz answered ${res.status}`);
          }, { timeoutMs: 60_000, intervalMs: 100 });
          return p;
        },
      };
    } catch (e) {
      await stopProcesses();
      if (e instanceof StartupExit && attempt < 3) {
        console.error(`distributed bookstore: ${e.message}; starting again on fresh ports (attempt ${attempt + 1})`);
        continue;
      }
      release();
      throw e;
    }
  }
}

class StartupExit extends Error {}

/** GET over HTTP/2 cleartext (a service process's /metrics, /healthz), answering the body. */
export function http2Get(baseUrl: string, path: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const session = connect(baseUrl);
    session.once("error", reject);
    const req = session.request({ ":path": path });
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (text += c));
    req.on("end", () => {
      session.close();
      resolve(text);
    });
    req.once("error", reject);
    req.end();
  });
}
