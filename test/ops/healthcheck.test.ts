import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createLogger } from "@bookstore/platform/logger";
import { createMetrics } from "@bookstore/platform/metrics";
import { serveService, type ServedService } from "@bookstore/platform/rpc";
import { freePort } from "@bookstore/platform/testing";
import { startBookstore, type TestBookstore } from "../support/bookstore.js";
import { APP_DEPLOYMENTS, containersOf, find, render, root, type Probe } from "./k8s-manifests.js";

/** The healthcheck of each compose service, as its `test` list (["CMD", program, ...args]). */
const composeHealthchecks = (
  parse(readFileSync(join(root, "deploy/compose/compose.yaml"), "utf8"), { merge: true }) as {
    services: Record<string, { healthcheck?: { test?: string[] } }>;
  }
).services;

/** The Dockerfile's HEALTHCHECK command as Docker runs it: a JSON list as is, anything else through /bin/sh -c. */
function dockerHealthcheck(): string[] {
  const joined = readFileSync(join(root, "Dockerfile"), "utf8").replace(/\\\n/g, " ");
  const command = /^HEALTHCHECK\s.*?\bCMD\s+(.+)$/m.exec(joined)?.[1]?.trim();
  if (!command) throw new Error("the Dockerfile has no HEALTHCHECK CMD");
  return command.startsWith("[") ? (JSON.parse(command) as string[]) : ["/bin/sh", "-c", command];
}

/** Runs a check as Docker does (a child process; only its exit code counts), killed after compose's 5 s timeout. */
async function exitCode(argv: string[], env: Record<string, string> = {}): Promise<number> {
  const [program = "", ...args] = argv;
  try {
    await promisify(execFile)(program, args, { env: { ...process.env, ...env }, timeout: 5_000 });
    return 0;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return typeof code === "number" ? code : -1;
  }
}

/** A plain HTTP/1.1 GET, as kubelet's httpGet probe and a Prometheus scrape send it. */
function http1Get(url: string): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.once("end", () =>
          resolve({ status: res.statusCode ?? 0, contentType: String(res.headers["content-type"]), body }),
        );
        res.once("error", reject);
      })
      .once("error", reject);
  });
}

describe("container healthchecks and Kubernetes probes, against real listeners", () => {
  let service: ServedService;
  let dependencyUp = false;
  let gateway: TestBookstore;
  beforeAll(async () => {
    // What `bookstore serve <service>` listens with: gRPC over HTTP/2 and HTTP/1.1 on one port.
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

  /** A compose service's healthcheck, aimed at `port` on this machine instead of its container port. */
  const composeCheck = (name: string, port: number) => {
    const [cmd, ...argv] = composeHealthchecks[name]?.healthcheck?.test ?? [];
    expect(cmd, name).toBe("CMD");
    const url = new URL(argv.at(-1) ?? "");
    url.port = String(port);
    return [...argv.slice(0, -1), url.href];
  };

  it("compose's service healthchecks pass on a service's port only once it is ready, and fail when nothing listens", async () => {
    dependencyUp = false;
    expect(await exitCode(composeCheck("catalog", service.port))).toBe(1); // /readyz answers 503
    dependencyUp = true;
    for (const name of APP_DEPLOYMENTS.filter((a) => a !== "gateway"))
      expect(await exitCode(composeCheck(name, service.port)), name).toBe(0);
    expect(await exitCode(composeCheck("user", await freePort()))).toBe(1);
  });

  it("compose's gateway healthcheck and the Dockerfile's HEALTHCHECK (on $PORT) pass on the gateway", async () => {
    const port = new URL(gateway.baseUrl).port;
    expect(await exitCode(composeCheck("gateway", Number(port)))).toBe(0);
    expect(await exitCode(dockerHealthcheck(), { PORT: port })).toBe(0);
    expect(await exitCode(dockerHealthcheck(), { PORT: String(await freePort()) })).toBe(1);
  });

  it("what the manifests tell kubelet and Prometheus to GET, each port answers over HTTP/1.1", async () => {
    dependencyUp = true;
    const { objects } = render("prod");
    for (const app of APP_DEPLOYMENTS) {
      const deployment = find(objects, "Deployment", app);
      const container = containersOf(deployment)[0]!;
      const base = app === "gateway" ? gateway.baseUrl : `http://127.0.0.1:${service.port}`;
      for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
        const path = (container[probe] as Probe).httpGet?.path ?? `no httpGet ${probe}`;
        expect((await http1Get(base + path)).status, `${app} ${probe} ${path}`).toBe(200);
      }
      const { annotations } = (
        deployment["spec"] as { template: { metadata: { annotations: Record<string, string> } } }
      ).template.metadata;
      const metrics = await http1Get(base + annotations["prometheus.io/path"]);
      expect(metrics.status, app).toBe(200);
      expect(metrics.contentType, app).toContain("text/plain");
      expect(metrics.body, app).toContain("process_cpu_user_seconds_total");
    }
  });
});
