import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, freePort } from "@bookstore/platform/testing";
import { SERVICE_NAMES } from "@bookstore/platform/config";
import { request } from "../support/bookstore.js";
import { purchaseJourney } from "../support/purchase-journey.js";

const CLI = join(import.meta.dirname, "../../apps/bookstore/bin/bookstore.mjs");

function run(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  child.once("exit", (code, signal) => {
    if (code !== 0 && code !== null) console.error(`bookstore ${args.join(" ")} exited ${code ?? signal}: ${stderr}`);
  });
  return child;
}

describe("distributed mode: gateway and five services as six processes over gRPC", () => {
  const children: ChildProcess[] = [];
  let dataDir: string;
  let baseUrl: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "bookstore-dist-"));
    const gatewayPort = await freePort();
    env = {
      PATH: process.env["PATH"],
      PORT: String(gatewayPort),
      DATA_DIR: dataDir,
      BOOKSTORE_HOST: "127.0.0.1",
      BOOKSTORE_LOG_LEVEL: "warn",
      BOOKSTORE_SEED_DEMO: "false",
      BOOKSTORE_AUTH__JWT_SECRET: randomBytes(32).toString("hex"),
      BOOKSTORE_PAYMENTS__HMAC_SECRET: randomBytes(32).toString("hex"),
      BOOKSTORE_PAYMENTS__CALLBACK_DELAY_MS: "50",
    };
    for (const s of SERVICE_NAMES) {
      const port = await freePort();
      env[`BOOKSTORE_SERVICES__${s.toUpperCase()}__PORT`] = String(port);
      env[`BOOKSTORE_SERVICES__${s.toUpperCase()}__URL`] = `http://127.0.0.1:${port}`;
    }
    const seed = run(["seed", "--demo"], env);
    const code = await new Promise<number | null>((resolve) => seed.once("exit", resolve));
    expect(code).toBe(0);
    for (const s of [...SERVICE_NAMES, "gateway"]) children.push(run(["serve", s], env));
    baseUrl = `http://127.0.0.1:${gatewayPort}`;
    await eventually(async () => {
      const res = await request(baseUrl, "POST", "/api/v1/auth/login", { body: { username: "customer", password: "bookstore-customer" } });
      expect(res.status).toBe(200);
    }, { timeoutMs: 60_000, intervalMs: 250 });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null) return resolve();
            c.once("exit", () => resolve());
            c.kill("SIGTERM");
            setTimeout(() => c.kill("SIGKILL"), 5_000).unref();
          }),
      ),
    );
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("runs the purchase journey across processes", async () => {
    await purchaseJourney(baseUrl, { searchTimeoutMs: 10_000 });
    const missing = await request(baseUrl, "GET", "/api/v1/books/123456789012345");
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe("NOT_FOUND");
  });

  it("reports every service reachable on the gateway's /readyz", async () => {
    const ready = await request(baseUrl, "GET", "/readyz");
    expect(ready.status).toBe(200);
    expect(ready.json.checks).toEqual(Object.fromEntries(SERVICE_NAMES.map((s) => [s, true])));
  });

  it("serves /healthz and /metrics on every service process", async () => {
    const http2 = await import("node:http2");
    for (const s of SERVICE_NAMES) {
      const url = env[`BOOKSTORE_SERVICES__${s.toUpperCase()}__URL`] ?? "";
      const body = await new Promise<string>((resolve, reject) => {
        const session = http2.connect(url);
        session.once("error", reject);
        const req = session.request({ ":path": "/metrics" });
        let text = "";
        req.setEncoding("utf8");
        req.on("data", (c: string) => (text += c));
        req.on("end", () => {
          session.close();
          resolve(text);
        });
        req.end();
      });
      expect(body, s).toContain("rpc_server_duration_seconds");
    }
  });
});
