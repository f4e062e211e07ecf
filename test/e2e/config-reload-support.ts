import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomInt, randomUUID } from "node:crypto";
import { stringify } from "yaml";
import { eventually, freePort } from "@bookstore/platform/testing";
import { request, type ApiResponse } from "../support/bookstore.js";

const CLI = join(import.meta.dirname, "../../apps/bookstore/bin/bookstore.mjs");

type Yaml = Record<string, unknown>;
const isObject = (v: unknown): v is Yaml => typeof v === "object" && v !== null && !Array.isArray(v);
const merge = (a: Yaml, b: Yaml): Yaml => {
  const out: Yaml = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isObject(v) && isObject(out[k]) ? merge(out[k], v) : v;
  return out;
};

/** Every test client is one loopback IP: the limits a test does not change stay out of the way. */
export const BASE_CONFIG: Yaml = {
  logLevel: "warn",
  rateLimit: { perIpPerMinute: 100_000_000, perUserPerMinute: 100_000_000, authPerIpPerMinute: 100_000_000 },
};

/** `bookstore start --config <file>` as a child process (the real CLI, so its file watch and triggers are what runs). */
export interface ReloadingBookstore {
  baseUrl: string;
  file: string;
  /** Every JSON log line the process wrote to stdout so far. */
  lines: Record<string, unknown>[];
  /** Raw stdout, to check that a secret never appears anywhere. */
  stdout(): string;
  /** Writes BASE_CONFIG + `extra` the way editors do: a temp file renamed over the config file. */
  writeConfig(extra?: Yaml): void;
  request(method: string, path: string, opts?: Parameters<typeof request>[3]): Promise<ApiResponse>;
  /** A demo user's or a new customer's bearer token. */
  login(username: string): Promise<string>;
  newCustomer(): Promise<string>;
  reloadCount(source: string, outcome: string): Promise<number>;
  stop(): Promise<void>;
}

export async function startReloadingBookstore(opts: { config?: Yaml; env?: NodeJS.ProcessEnv } = {}): Promise<ReloadingBookstore> {
  const dir = mkdtempSync(join(tmpdir(), "bookstore-reload-"));
  const file = join(dir, "bookstore.yaml");
  const write = (extra: Yaml = {}) => {
    const temp = join(dir, `.bookstore.yaml.${randomUUID()}`);
    writeFileSync(temp, stringify(merge(merge(BASE_CONFIG, opts.config ?? {}), extra)));
    renameSync(temp, file);
  };
  write();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [CLI, "start", "--config", file], {
    env: {
      PATH: process.env["PATH"],
      PORT: String(port),
      DATA_DIR: join(dir, "data"),
      BOOKSTORE_HOST: "127.0.0.1",
      BOOKSTORE_PAYMENTS__CALLBACK_DELAY_MS: "50",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const lines: Record<string, unknown>[] = [];
  let partial = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString("utf8");
    const parts = (partial + d.toString("utf8")).split("\n");
    partial = parts.pop() ?? "";
    for (const p of parts) {
      try {
        lines.push(JSON.parse(p) as Record<string, unknown>);
      } catch {
        // Not a log line (a stray print); the raw text is still in `out`.
      }
    }
  });
  child.stderr?.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  const stop = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        rmSync(dir, { recursive: true, force: true });
        resolve();
      };
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once("exit", done);
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
    });
  try {
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`bookstore exited ${child.exitCode}: ${err}`);
      const res = await fetch(`${baseUrl}/readyz`);
      if (res.status !== 200) throw new Error(`readyz ${res.status}`);
    }, { timeoutMs: 90_000, intervalMs: 200 });
  } catch (e) {
    await stop();
    throw e;
  }
  const token = async (body: unknown) => {
    const res = await request(baseUrl, "POST", "/api/v1/auth/login", { body });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
    return String(res.json.accessToken);
  };
  return {
    baseUrl,
    file,
    lines,
    stdout: () => out,
    writeConfig: write,
    request: (method, path, o) => request(baseUrl, method, path, o),
    login: (username) => token({ username, password: `bookstore-${username}` }),
    async newCustomer() {
      const username = `r${randomUUID().replaceAll("-", "").slice(0, 16)}`;
      const password = "correct-horse-battery";
      const res = await request(baseUrl, "POST", "/api/v1/auth/register", { body: { username, email: `${username}@example.test`, password } });
      if (res.status !== 201) throw new Error(`register failed: ${res.status} ${res.text}`);
      return token({ username, password });
    },
    async reloadCount(source, outcome) {
      const text = (await request(baseUrl, "GET", "/metrics")).text;
      const line = text.split("\n").find((l) => l.startsWith("config_reloads_total{") && l.includes(`source="${source}"`) && l.includes(`outcome="${outcome}"`));
      return line ? Number(line.split(" ").at(-1)) : 0;
    },
    stop,
  };
}

/** A valid ISBN-13 no seeded book has (979 prefix, random body, computed check digit). */
export function isbn13(): string {
  const body = `979${String(randomInt(0, 1_000_000_000)).padStart(9, "0")}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return body + String((10 - (sum % 10)) % 10);
}
