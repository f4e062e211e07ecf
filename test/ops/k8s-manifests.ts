import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decoded, podSpecs, renderKustomization, type K8sObject, type Rendered } from "./render-kustomization.js";

/** Shared by the deploy/k8s and deploy/compose tests: rendering the overlays and reading what the pods get. */

export const root = join(import.meta.dirname, "../..");
export const k8sDir = join(root, "deploy/k8s");
export const APP_DEPLOYMENTS = ["gateway", "user", "catalog", "order", "search", "recommendation"] as const;

type Json = Record<string, unknown>;
export type Container = Json & {
  name: string;
  image: string;
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
};
export type Probe = {
  httpGet?: { path: string; port: string | number };
  exec?: { command: string[] };
  tcpSocket?: { port: string | number };
};

/**
 * Prod's secrets come from git-ignored files; the test renders with their committed examples, empty values
 * filled with fresh random ones (what an operator does), so real secrets on a developer's machine are never read.
 */
function prodExamples(path: string): string {
  if (!/\/overlays\/prod\/secrets\/[^/]+\.env$/.test(path)) return readFileSync(path, "utf8");
  return readFileSync(`${path}.example`, "utf8").replace(
    /^([A-Z0-9_]+)=$/gm,
    (_, key: string) => `${key}=${randomBytes(32).toString("hex")}`,
  );
}

export function render(name: "base" | "dev" | "prod"): Rendered {
  return renderKustomization(join(k8sDir, name === "base" ? "base" : `overlays/${name}`), { readFile: prodExamples });
}

export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}

export function containersOf(object: K8sObject): Container[] {
  const pod = podSpecs([object])[0];
  if (!pod) throw new Error(`${object.kind} ${object.metadata.name} has no pod template`);
  return pod.spec["containers"] as Container[];
}

export function podLabels(object: K8sObject): Record<string, string> {
  const spec = object["spec"] as { template: { metadata: { labels: Record<string, string> } } };
  return spec.template.metadata.labels;
}

/** The container port a Service targetPort or a probe port names (or the number itself). */
export function containerPort(container: Container, port: string | number): number | undefined {
  if (typeof port === "number") return port;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

/** What `envFrom` gives a container: each referenced ConfigMap and Secret, later ones winning, as Kubernetes does. */
export function environmentOf(
  objects: K8sObject[],
  container: Container,
): { env: Record<string, string>; refs: string[] } {
  const env: Record<string, string> = {};
  const refs: string[] = [];
  for (const from of (container["envFrom"] ?? []) as {
    configMapRef?: { name: string };
    secretRef?: { name: string };
  }[]) {
    const [kind, name] = from.configMapRef
      ? ["ConfigMap", from.configMapRef.name]
      : ["Secret", from.secretRef?.name ?? ""];
    refs.push(`${kind}/${name}`);
    Object.assign(env, decoded(find(objects, kind, name)));
  }
  return { env, refs };
}

/** Kubernetes quantities as numbers (cpu in cores, memory in bytes), enough to compare requests with limits. */
export function quantity(value: string | number): number {
  const match = /^([0-9.]+)(m|Ki|Mi|Gi|Ti|k|M|G)?$/.exec(String(value));
  if (!match) throw new Error(`not a quantity: ${value}`);
  const factor =
    { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9 }[match[2] ?? ""] ?? 1;
  return Number(match[1]) * factor;
}
