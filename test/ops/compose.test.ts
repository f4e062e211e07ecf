import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { APP_DEPLOYMENTS, containersOf, environmentOf, find, k8sDir, render, root } from "./k8s-manifests.js";

const composeDir = join(root, "deploy/compose");

interface ComposeService {
  image: string;
  command?: string[];
  env_file?: string[];
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
}

// `<<:` merge keys are how compose files share a service template; the yaml package needs merge: true for them.
const compose = () =>
  parse(readFileSync(join(composeDir, "compose.yaml"), "utf8"), { merge: true }) as {
    services: Record<string, ComposeService>;
    "x-http-probe": string;
  };

describe("deploy/compose", () => {
  it("runs the dev overlay's topology: same workloads, images, commands and env files", () => {
    const { services } = compose();
    const { objects, sources } = render("dev");
    const workloads = objects.filter((o) => ["Deployment", "StatefulSet", "Job"].includes(o.kind));
    expect(Object.keys(services).sort()).toEqual(workloads.map((w) => w.metadata.name).sort());

    for (const workload of workloads) {
      const service = services[workload.metadata.name]!;
      const container = containersOf(workload)[0]!;
      expect(service.image, workload.metadata.name).toBe(container.image);
      if (workload.kind === "StatefulSet") continue;
      expect(service.command, workload.metadata.name).toEqual(container.args);
      // The same files feed the pod's ConfigMaps and Secrets and the compose container's environment.
      const podFiles = environmentOf(objects, container).refs.flatMap(
        (ref) => sources.get(ref) ?? [`${ref}: not generated from a file`],
      );
      expect(
        service.env_file?.map((f) => resolve(composeDir, f)),
        workload.metadata.name,
      ).toEqual(podFiles);
    }
  });

  it("every long-running service has a healthcheck, and the app waits for healthy data stores and services", () => {
    const { services, "x-http-probe": httpProbe } = compose();
    for (const [name, service] of Object.entries(services)) {
      if (name === "seed") continue;
      expect(service.healthcheck?.test?.length, name).toBeGreaterThan(1);
    }
    for (const app of APP_DEPLOYMENTS) {
      const test = services[app]?.healthcheck?.test ?? [];
      const port = containersOf(find(render("dev").objects, "Deployment", app))[0]!.ports?.[0]?.containerPort;
      // Every bookstore port answers HTTP/1.1; healthcheck.test.ts runs this script against real listeners.
      expect(test, app).toEqual(["CMD", "node", "-e", httpProbe, `http://127.0.0.1:${port}/readyz`]);
      expect(services[app]?.depends_on?.["redis"], app).toEqual({ condition: "service_healthy" });
    }
    for (const s of APP_DEPLOYMENTS.filter((a) => a !== "gateway"))
      expect(services["gateway"]?.depends_on?.[s]).toEqual({ condition: "service_healthy" });
  });

  it("env files are plain KEY=VALUE lines, which kustomize and compose read alike", () => {
    const dirs = ["base/env", "overlays/dev/secrets", "overlays/prod/secrets"].map((d) => join(k8sDir, d));
    const files = dirs.flatMap((d) =>
      readdirSync(d)
        .filter((f) => /\.env(\.example)?$/.test(f))
        .map((f) => join(d, f)),
    );
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const file of files) {
      const keys = new Set<string>();
      for (const line of readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "" && !l.startsWith("#"))) {
        // compose would strip a leading quote and expand $VARS; kustomize would keep both.
        expect(line, file).toMatch(/^[A-Z][A-Z0-9_]*=(?!["'])[^\s$]*$/);
        const key = line.slice(0, line.indexOf("="));
        expect(keys.has(key), `${file}: ${key} twice`).toBe(false);
        keys.add(key);
      }
    }
  });
});
