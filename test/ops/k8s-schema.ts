import { ConfigMap, Namespace, Secret, Service } from "kubernetes-models/v1";
import { Deployment, StatefulSet } from "kubernetes-models/apps/v1";
import { Job } from "kubernetes-models/batch/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1";
import type { K8sObject } from "./render-kustomization.js";

/** The kinds deploy/k8s uses, with the Kubernetes 1.27 schemas kubernetes-models bundles. A new kind goes here. */
const MODELS = [
  ConfigMap,
  Namespace,
  Secret,
  Service,
  Deployment,
  StatefulSet,
  Job,
  HorizontalPodAutoscaler,
  PodDisruptionBudget,
  Ingress,
];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Problems of one object against the Kubernetes schema, plus fields the schema does not know. The published schemas
 * allow unknown fields (the API server drops them silently), so `readynessProbe` would pass plain validation; here
 * the validator runs on a proxy that records which keys it looked at, and a key it never read is not in the schema
 * (objects it enumerates, like labels or ConfigMap data, are maps and take any key).
 */
export function schemaProblems(object: K8sObject): string[] {
  const model = MODELS.find((m) => m.apiVersion === object.apiVersion && m.kind === object.kind);
  if (!model) return [`${object.apiVersion} ${object.kind}: no schema in test/ops/k8s-schema.ts`];
  const reads = new ReadTracker();
  try {
    model.prototype.validate.call(reads.wrap(object, ""));
  } catch (e) {
    return [e instanceof Error ? e.message : String(e)];
  }
  return reads.unknownFields(object, "").map((path) => `${path}: not a field of ${object.kind}`);
}

class ReadTracker {
  private readonly seen = new WeakMap<object, { proxy: object; read: Set<PropertyKey>; enumerated: boolean }>();

  wrap(value: unknown, path: string): unknown {
    if (typeof value !== "object" || value === null) return value;
    const known = this.seen.get(value);
    if (known) return known.proxy;
    const entry = { proxy: value, read: new Set<PropertyKey>(), enumerated: false };
    entry.proxy = new Proxy(value, {
      get: (target, key, receiver) => {
        entry.read.add(key);
        const child: unknown = Reflect.get(target, key, receiver);
        return typeof key === "string" && Object.hasOwn(target, key) ? this.wrap(child, `${path}/${key}`) : child;
      },
      ownKeys: (target) => {
        entry.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
    this.seen.set(value, entry);
    return entry.proxy;
  }

  unknownFields(value: unknown, path: string): string[] {
    if (Array.isArray(value)) return value.flatMap((v, i) => this.unknownFields(v, `${path}/${i}`));
    if (!isObject(value)) return [];
    const entry = this.seen.get(value);
    if (!entry) return [];
    return Object.entries(value).flatMap(([k, v]) =>
      entry.enumerated || entry.read.has(k) ? this.unknownFields(v, `${path}/${k}`) : [`${path}/${k}`],
    );
  }
}
