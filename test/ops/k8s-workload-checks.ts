import { podSpecs, type K8sObject } from "./render-kustomization.js";
import { APP_DEPLOYMENTS, containerPort, containersOf, quantity, type Container, type Probe } from "./k8s-manifests.js";

/** What each app Deployment's probes ask for. Every bookstore port answers these paths over HTTP/1.1. */
const APP_PROBES = { startupProbe: "/healthz", readinessProbe: "/readyz", livenessProbe: "/healthz" } as const;
const scrapeAnnotations = (port: number | undefined) => ({
  "prometheus.io/scrape": "true",
  "prometheus.io/port": String(port),
  "prometheus.io/path": "/metrics",
});

/**
 * What a rendered overlay's workloads get wrong, one line each (empty when nothing): every container has cpu and
 * memory requests within limits; long-running ones have readiness and liveness probes; each app Deployment probes
 * its own container port with httpGet (startup and liveness /healthz, readiness /readyz), and its pods carry the
 * Prometheus scrape annotations for that port and the app's name and part-of labels.
 */
export function workloadProblems(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const { owner } of podSpecs(objects)) {
    for (const c of containersOf(owner)) {
      const where = `${owner.kind}/${owner.metadata.name}/${c.name}`;
      problems.push(...resourceProblems(where, c));
      if (owner.kind === "Job") continue;
      for (const probe of ["readinessProbe", "livenessProbe"]) if (!c[probe]) problems.push(`${where}: no ${probe}`);
    }
  }
  const apps = objects.filter(
    (o) => o.kind === "Deployment" && (APP_DEPLOYMENTS as readonly string[]).includes(o.metadata.name),
  );
  for (const app of apps) problems.push(...appProblems(app));
  return problems;
}

function resourceProblems(where: string, c: Container): string[] {
  const resources = (c["resources"] ?? {}) as { requests?: Record<string, string>; limits?: Record<string, string> };
  return ["cpu", "memory"].flatMap((r) => {
    const request = resources.requests?.[r];
    const limit = resources.limits?.[r];
    if (limit === undefined) return [`${where}: no ${r} limit`];
    if (request === undefined) return [`${where}: no ${r} request`];
    if (quantity(request) > quantity(limit)) return [`${where}: ${r} request ${request} above its limit ${limit}`];
    return [];
  });
}

function appProblems(deployment: K8sObject): string[] {
  const name = `Deployment/${deployment.metadata.name}`;
  const container = containersOf(deployment)[0];
  if (!container) return [`${name}: no container`];
  const port = container.ports?.[0]?.containerPort;
  const problems: string[] = [];
  for (const [probe, path] of Object.entries(APP_PROBES)) {
    const httpGet = (container[probe] as Probe | undefined)?.httpGet;
    if (!httpGet) problems.push(`${name}: ${probe} is not an httpGet`);
    else if (httpGet.path !== path || containerPort(container, httpGet.port) !== port)
      problems.push(`${name}: ${probe} gets ${httpGet.path} on port ${String(httpGet.port)}, not ${path} on ${port}`);
  }
  const pod = (deployment["spec"] as { template: { metadata: Partial<K8sObject["metadata"]> } }).template.metadata;
  for (const [key, value] of Object.entries(scrapeAnnotations(port)))
    if (pod.annotations?.[key] !== value) problems.push(`${name}: pod annotation ${key} is not "${value}"`);
  const labels = { "app.kubernetes.io/name": deployment.metadata.name, "app.kubernetes.io/part-of": "bookstore" };
  for (const [key, value] of Object.entries(labels))
    if (pod.labels?.[key] !== value) problems.push(`${name}: pod label ${key} is not "${value}"`);
  return problems;
}
