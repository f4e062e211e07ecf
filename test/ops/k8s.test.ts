import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, SERVICE_NAMES } from "@bookstore/platform/config";
import { schemaProblems } from "./k8s-schema.js";
import { workloadProblems } from "./k8s-workload-checks.js";
import { decoded, podSpecs, type K8sObject } from "./render-kustomization.js";
import {
  APP_DEPLOYMENTS,
  containerPort,
  containersOf,
  environmentOf,
  find,
  k8sDir,
  podLabels,
  quantity,
  render,
  root,
  type Probe,
} from "./k8s-manifests.js";

const OVERLAYS = ["dev", "prod"] as const;

describe("deploy/k8s", () => {
  it.each(["base", "dev", "prod"] as const)(
    "%s renders into objects valid against the Kubernetes schemas, with no unknown fields",
    (name) => {
      const { objects } = render(name);
      expect(objects.length).toBeGreaterThan(20);
      for (const o of objects) expect(schemaProblems(o), `${o.kind} ${o.metadata.name}`).toEqual([]);
    },
  );

  it("the schema check rejects a misspelt probe, a wrong type and an unknown kind", () => {
    const gateway = structuredClone(find(render("dev").objects, "Deployment", "gateway"));
    const container = containersOf(gateway)[0]!;
    container["readynessProbe"] = container["readinessProbe"];
    expect(schemaProblems(gateway)).toEqual([
      "/spec/template/spec/containers/0/readynessProbe: not a field of Deployment",
    ]);
    delete container["readynessProbe"];
    (gateway["spec"] as Record<string, unknown>)["revisionHistoryLimit"] = "5";
    expect(schemaProblems(gateway).join()).toMatch(/revisionHistoryLimit must be integer/);
    expect(schemaProblems({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } })).toHaveLength(1);
  });

  it.each(OVERLAYS)(
    "%s: every container has requests within limits and probes; app pods are probed with httpGet on their port and scraped",
    (name) => {
      const { objects } = render(name);
      expect(
        podSpecs(objects)
          .map((p) => `${p.owner.kind}/${p.owner.metadata.name}`)
          .sort(),
      ).toEqual(
        [
          ...APP_DEPLOYMENTS.map((d) => `Deployment/${d}`),
          "Job/seed",
          ...(name === "dev" ? ["StatefulSet/etcd", "StatefulSet/mariadb", "StatefulSet/redis"] : []),
        ].sort(),
      );
      expect(workloadProblems(objects)).toEqual([]);
    },
  );

  it("the workload check reports a missing probe or limit, an exec probe, a probe on another port and a missing scrape", () => {
    const objects = structuredClone(render("dev").objects);
    const order = containersOf(find(objects, "Deployment", "order"))[0]!;
    delete order["readinessProbe"];
    delete (order["resources"] as { limits: Record<string, string> }).limits["memory"];
    const search = containersOf(find(objects, "Deployment", "search"))[0]!;
    search["livenessProbe"] = { exec: { command: ["true"] } };
    (search["startupProbe"] as Probe).httpGet!.port = 9999;
    const userPod = find(objects, "Deployment", "user")["spec"] as { template: { metadata: K8sObject["metadata"] } };
    delete userPod.template.metadata.annotations!["prometheus.io/scrape"];
    const redis = containersOf(find(objects, "StatefulSet", "redis"))[0]!;
    delete redis["livenessProbe"];
    expect(workloadProblems(objects).sort()).toEqual(
      [
        "Deployment/order/bookstore: no memory limit",
        "Deployment/order/bookstore: no readinessProbe",
        "Deployment/order: readinessProbe is not an httpGet",
        "Deployment/search: livenessProbe is not an httpGet",
        "Deployment/search: startupProbe gets /healthz on port 9999, not /healthz on 9104",
        'Deployment/user: pod annotation prometheus.io/scrape is not "true"',
        "StatefulSet/redis/redis: no livenessProbe",
      ].sort(),
    );
  });

  it.each(OVERLAYS)(
    "%s: each app Deployment has its Service, HorizontalPodAutoscaler, PodDisruptionBudget, ConfigMap and Secret",
    (name) => {
      const { objects } = render(name);
      for (const app of APP_DEPLOYMENTS) {
        const deployment = find(objects, "Deployment", app);
        const container = containersOf(deployment)[0]!;
        const labels = podLabels(deployment);
        const selects = (selector: Record<string, string>) =>
          Object.entries(selector).every(([k, v]) => labels[k] === v);

        const service = find(objects, "Service", app)["spec"] as {
          selector: Record<string, string>;
          ports: { targetPort: string | number }[];
        };
        expect(selects(service.selector), `${app} Service selector`).toBe(true);
        expect(
          service.ports.map((p) => containerPort(container, p.targetPort)),
          `${app} Service ports`,
        ).toEqual([container.ports?.[0]?.containerPort]);

        const hpa = find(objects, "HorizontalPodAutoscaler", app)["spec"] as {
          scaleTargetRef: { kind: string; name: string };
          minReplicas: number;
          maxReplicas: number;
        };
        expect(hpa.scaleTargetRef).toMatchObject({ kind: "Deployment", name: app });
        expect(hpa.minReplicas).toBeLessThanOrEqual(hpa.maxReplicas);
        expect(
          (deployment["spec"] as Record<string, unknown>)["replicas"],
          `${app}: the HPA owns replicas`,
        ).toBeUndefined();

        const pdb = find(objects, "PodDisruptionBudget", app)["spec"] as {
          selector: { matchLabels: Record<string, string> };
        };
        expect(selects(pdb.selector.matchLabels), `${app} PDB selector`).toBe(true);

        const { refs } = environmentOf(objects, container); // throws on a reference to a missing object
        expect(refs, app).toContain(`ConfigMap/bookstore-${app}`);
        expect(
          refs.some((r) => r.startsWith("Secret/")),
          `${app} secret`,
        ).toBe(true);
      }
    },
  );

  it.each(OVERLAYS)(
    "%s: each workload's environment loads as a production config whose addresses are the manifests' Services",
    (name) => {
      const { objects } = render(name);
      const services = new Map(objects.filter((o) => o.kind === "Service").map((s) => [s.metadata.name, s]));
      /** host:port of a URL → the Service of that name has that port (ExternalName ones take any). */
      const reachable = (url: string) => {
        const { hostname, port, protocol } = new URL(url);
        const service = services.get(hostname);
        if (!service) return `${url}: no Service ${hostname}`;
        const spec = service["spec"] as { type?: string; ports?: { port: number }[] };
        const wanted = Number(port || (protocol === "http:" ? 80 : 0));
        return spec.type === "ExternalName" || spec.ports?.some((p) => p.port === wanted)
          ? "ok"
          : `${url}: Service ${hostname} has no port ${wanted}`;
      };

      for (const workload of [
        ...APP_DEPLOYMENTS.map((d) => find(objects, "Deployment", d)),
        find(objects, "Job", "seed"),
      ]) {
        const container = containersOf(workload)[0]!;
        const role = workload.kind === "Job" ? "seed" : workload.metadata.name;
        const config = loadConfig({ env: environmentOf(objects, container).env }); // throws, listing every bad key
        expect(config.profile, role).toBe("production");
        // Probes and scrapes come to the pod's IP, so nothing may listen on loopback only.
        expect(["0.0.0.0", "::"], role).toContain(config.host);
        expect(reachable(config.redisUrl), role).toBe("ok");
        for (const s of SERVICE_NAMES) expect(reachable(config.services[s].url), `${role} → ${s}`).toBe("ok");
        if (role === "gateway") expect(config.port).toBe(container.ports?.[0]?.containerPort);
        if ((SERVICE_NAMES as readonly string[]).includes(role))
          expect(config.services[role as (typeof SERVICE_NAMES)[number]].port).toBe(
            container.ports?.[0]?.containerPort,
          );
        if (["user", "catalog", "order", "recommendation", "seed"].includes(role)) {
          expect(config.database.dialect, role).toBe("mysql");
          expect(reachable(config.database.url), role).toBe("ok");
          for (const replica of config.database.replicaUrls) expect(reachable(replica), role).toBe("ok");
        }
        if (role === "order") expect(reachable(config.payments.callbackUrl)).toBe("ok");
      }
    },
  );

  it.each(OVERLAYS)("%s: no ConfigMap holds a secret; each secret key is in a Secret", (name) => {
    const { objects } = render(name);
    const secretish = /SECRET|PASSWORD|TOKEN|DATABASE_URL|REDIS_URL|REPLICA_URLS/;
    for (const cm of objects.filter((o) => o.kind === "ConfigMap")) {
      for (const [key, value] of Object.entries(decoded(cm))) {
        expect(key, `ConfigMap ${cm.metadata.name}`).not.toMatch(secretish);
        expect(value, `ConfigMap ${cm.metadata.name} ${key}`).not.toMatch(/\/\/[^/@\s]+:[^/@\s]+@/); // credentials in a URL
      }
    }
    const secretKeys = objects.filter((o) => o.kind === "Secret").flatMap((s) => Object.keys(decoded(s)));
    for (const key of ["BOOKSTORE_AUTH__JWT_SECRET", "BOOKSTORE_PAYMENTS__HMAC_SECRET", "DATABASE_URL", "REDIS_URL"])
      expect(secretKeys).toContain(key);
  });

  it.each(["base", "dev", "prod"] as const)(
    "%s: the Ingress terminates TLS for its hosts and sends every path (so /ws) to the gateway, with WebSocket-length timeouts",
    (name) => {
      const ingress = find(render(name).objects, "Ingress", "bookstore");
      const spec = ingress["spec"] as {
        tls: { hosts: string[]; secretName: string }[];
        rules: {
          host: string;
          http: {
            paths: { path: string; pathType: string; backend: { service: { name: string; port: { name: string } } } }[];
          };
        }[];
      };
      const tlsHosts = spec.tls.flatMap((t) => t.hosts);
      for (const rule of spec.rules) {
        expect(tlsHosts, rule.host).toContain(rule.host);
        expect(rule.http.paths).toContainEqual({
          path: "/",
          pathType: "Prefix",
          backend: { service: { name: "gateway", port: { name: "http" } } },
        });
      }
      const annotations = ingress.metadata.annotations ?? {};
      expect(annotations["nginx.ingress.kubernetes.io/force-ssl-redirect"]).toBe("true");
      for (const timeout of ["proxy-read-timeout", "proxy-send-timeout"])
        expect(Number(annotations[`nginx.ingress.kubernetes.io/${timeout}`]), timeout).toBeGreaterThanOrEqual(3600);
    },
  );

  it("dev runs MariaDB, Redis and etcd as StatefulSets on volumes; prod reaches external endpoints under the same names", () => {
    const dev = render("dev").objects;
    const prod = render("prod").objects;
    for (const store of ["mariadb", "redis", "etcd"]) {
      const set = find(dev, "StatefulSet", store)["spec"] as { serviceName: string; volumeClaimTemplates: unknown[] };
      expect(set.serviceName).toBe(store);
      expect(set.volumeClaimTemplates, store).toHaveLength(1);
      expect(find(dev, "Service", store)).toBeDefined();
      expect(find(prod, "Service", store)["spec"], store).toMatchObject({ type: "ExternalName" });
    }
    expect(prod.filter((o) => o.kind === "StatefulSet")).toEqual([]);
  });

  it("prod runs more replicas with bigger limits than dev, from a pinned registry image", () => {
    const dev = render("dev").objects;
    const prod = render("prod").objects;
    const limits = (objects: K8sObject[], app: string) =>
      (containersOf(find(objects, "Deployment", app))[0]!["resources"] as { limits: Record<string, string> }).limits;
    const minReplicas = (objects: K8sObject[], app: string) =>
      (find(objects, "HorizontalPodAutoscaler", app)["spec"] as { minReplicas: number }).minReplicas;
    for (const app of APP_DEPLOYMENTS) {
      expect(minReplicas(prod, app), app).toBeGreaterThan(minReplicas(dev, app));
      expect(minReplicas(prod, app), `${app}: a PodDisruptionBudget keeps one serving`).toBeGreaterThanOrEqual(2);
      for (const r of ["cpu", "memory"])
        expect(quantity(limits(prod, app)[r] ?? "0"), `${app} ${r}`).toBeGreaterThan(
          quantity(limits(dev, app)[r] ?? "0"),
        );
      expect(containersOf(find(prod, "Deployment", app))[0]!.image).toBe("registry.example.com/bookstore:0.1.0");
      expect(containersOf(find(dev, "Deployment", app))[0]!.image).toBe("bookstore:dev");
    }
  });

  it.each(OVERLAYS)("%s: every image has an explicit tag other than latest", (name) => {
    for (const { owner, spec } of podSpecs(render(name).objects))
      for (const c of spec["containers"] as { image: string }[])
        expect(c.image, owner.metadata.name).toMatch(/^[^:]+(:\d+)?\/?[^:]*:(?!latest$)[\w.-]+$/);
  });

  it("dev's MariaDB init script gives each service account its own database and nothing else", () => {
    const dev = render("dev").objects;
    const sql = decoded(find(dev, "Secret", "mariadb-init"))["mariadb-init.sql"] ?? "";
    for (const service of ["user", "catalog", "order", "recommendation"]) {
      const url = new URL(decoded(find(dev, "Secret", `bookstore-${service}-db`))["DATABASE_URL"] ?? "");
      expect(sql).toContain(`CREATE USER IF NOT EXISTS '${url.username}'@'%' IDENTIFIED BY '${url.password}';`);
      const grants = [...sql.matchAll(new RegExp(`^GRANT .* ON (\\S+) TO '${url.username}'@'%';$`, "gm"))].map(
        (m) => m[1],
      );
      expect(grants, service).toEqual([`\`bookstore_${service}\`.*`]);
    }
  });

  it("prod's secret files are git-ignored, and each has a committed example", () => {
    for (const file of ["shared", "user-db", "catalog-db", "order-db", "recommendation-db", "seed"]) {
      const path = join(k8sDir, `overlays/prod/secrets/${file}.env`);
      expect(spawnSync("git", ["check-ignore", "-q", path], { cwd: root }).status, `${file}.env ignored`).toBe(0);
      expect(readFileSync(`${path}.example`, "utf8")).toMatch(/^[A-Z_]+=/m);
    }
  });
});
