import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@bookstore/platform/logger";
import { createMetrics } from "@bookstore/platform/metrics";
import { serveService, type ServedService } from "@bookstore/platform/rpc";
import { freePort } from "@bookstore/platform/testing";
import { startBookstore, type TestBookstore } from "../support/bookstore.js";

const SCRIPT = join(import.meta.dirname, "../../deploy/docker/healthcheck.mjs");

/** Runs the probe the way kubelet and Docker do (a child process; only its exit code and output count). */
async function probe(...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await promisify(execFile)(process.execPath, [SCRIPT, ...args]);
    return { code: 0, stderr };
  } catch (e) {
    const failed = e as { code?: number; stderr?: string };
    return { code: failed.code ?? -1, stderr: failed.stderr ?? "" };
  }
}

describe("deploy/docker/healthcheck.mjs", () => {
  let service: ServedService;
  let dependencyUp = false;
  let gateway: TestBookstore;
  beforeAll(async () => {
    // A real service listener (what `bookstore serve <service>` runs): gRPC over cleartext HTTP/2 only.
    service = await serveService({
      service: "probe-test",
      routes: () => {},
      port: 0,
      logger: createLogger({ level: "silent", name: "probe-test" }),
      metrics: createMetrics({ defaultLabels: { process: "probe-test" } }),
      ready: () => Promise.resolve({ dependency: dependencyUp }),
    });
    gateway = await startBookstore({ seedDemo: false });
  });
  afterAll(async () => {
    await service?.close();
    await gateway?.close();
  });

  it("reports a service healthy over HTTP/2, and ready only once its dependencies are", async () => {
    expect(await probe(`h2c://127.0.0.1:${service.port}/healthz`)).toEqual({ code: 0, stderr: "" });
    const notReady = await probe(`h2c://127.0.0.1:${service.port}/readyz`);
    expect(notReady.code).toBe(1);
    expect(notReady.stderr).toContain("answered 503");
    dependencyUp = true;
    expect((await probe(`h2c://127.0.0.1:${service.port}/readyz`)).code).toBe(0);
  });

  it("reports the gateway healthy over HTTP/1.1, by default on $PORT", async () => {
    expect((await probe(`${gateway.baseUrl}/healthz`)).code).toBe(0);
    expect((await probe(`${gateway.baseUrl}/readyz`)).code).toBe(0);
    const port = new URL(gateway.baseUrl).port;
    const { stderr } = await promisify(execFile)(process.execPath, [SCRIPT], { env: { ...process.env, PORT: port } });
    expect(stderr).toBe("");
  });

  it("fails when nothing listens, when the protocol is wrong, and on an unknown scheme", async () => {
    const closed = await freePort();
    expect(await probe(`h2c://127.0.0.1:${closed}/healthz`)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("ECONNREFUSED"),
    });
    expect((await probe(`http://127.0.0.1:${closed}/healthz`)).code).toBe(1);
    // HTTP/1.1 against the HTTP/2-only service port: what kubelet's httpGet would do, so it must not pass.
    expect((await probe(`http://127.0.0.1:${service.port}/healthz`)).code).toBe(1);
    expect((await probe(`ftp://127.0.0.1:${service.port}/healthz`)).code).toBe(2);
  });
});
