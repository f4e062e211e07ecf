import { readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parseAllDocuments } from "yaml";
import { strategicMerge } from "./strategic-merge.js";

/**
 * `kustomize build` for the subset deploy/k8s uses, so the test needs no binary: resources (files and
 * directories), configMapGenerator / secretGenerator (envs, files, literals; behavior create|merge|replace; names
 * without hash suffix), strategic-merge patches (by kind + name, or applied to every object a target selects),
 * images and namespace. Any other kustomization key fails the render rather than being ignored.
 */

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export interface Rendered {
  objects: K8sObject[];
  /** Generated ConfigMaps and Secrets ("ConfigMap/name") → the absolute paths of the files they were made from. */
  sources: Map<string, string[]>;
}

export interface RenderOptions {
  /** Reads a generator's input file; the prod test swaps in the committed examples of git-ignored secrets. */
  readFile?: (path: string) => string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

const SUPPORTED_KEYS = new Set([
  "apiVersion",
  "kind",
  "namespace",
  "resources",
  "configMapGenerator",
  "secretGenerator",
  "generatorOptions",
  "patches",
  "images",
]);
const CLUSTER_SCOPED = new Set([
  "Namespace",
  "ClusterRole",
  "ClusterRoleBinding",
  "PersistentVolume",
  "StorageClass",
  "IngressClass",
]);

interface Generator {
  name: string;
  behavior?: "create" | "merge" | "replace";
  envs?: string[];
  files?: string[];
  literals?: string[];
  type?: string;
}

interface Patch {
  path?: string;
  patch?: string;
  target?: { kind?: string; name?: string; labelSelector?: string };
}

export function renderKustomization(dir: string, opts: RenderOptions = {}): Rendered {
  const readFile = opts.readFile ?? ((path: string) => readFileSync(path, "utf8"));
  const kustomization = parseDocuments(readFileSync(join(dir, "kustomization.yaml"), "utf8"))[0];
  if (!isObject(kustomization)) throw new Error(`${dir}/kustomization.yaml: expected a mapping`);
  const unsupported = Object.keys(kustomization).filter((k) => !SUPPORTED_KEYS.has(k));
  if (unsupported.length > 0) throw new Error(`${dir}/kustomization.yaml: unsupported keys ${unsupported.join(", ")}`);

  const objects: K8sObject[] = [];
  const sources = new Map<string, string[]>();
  for (const entry of list<string>(kustomization["resources"])) {
    const path = resolve(dir, entry);
    if (statSync(path).isDirectory()) {
      const inner = renderKustomization(path, opts);
      objects.push(...inner.objects);
      for (const [k, v] of inner.sources) sources.set(k, v);
    } else {
      objects.push(...parseDocuments(readFileSync(path, "utf8")).map((doc) => asObject(doc, path)));
    }
  }

  generate(dir, kustomization, objects, sources, readFile);
  for (const patch of list<Patch>(kustomization["patches"])) applyPatch(dir, objects, patch);
  for (const image of list<{ name: string; newName?: string; newTag?: string }>(kustomization["images"]))
    setImage(objects, image);
  const namespace = kustomization["namespace"];
  if (typeof namespace === "string")
    for (const o of objects) if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = namespace;

  const ids = objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw new Error(`${dir}: ${duplicate} is defined twice`);
  return { objects, sources };
}

/** configMapGenerator and secretGenerator: create, or merge into / replace what a base generated. */
function generate(
  dir: string,
  kustomization: Json,
  objects: K8sObject[],
  sources: Map<string, string[]>,
  readFile: (path: string) => string,
): void {
  const options = kustomization["generatorOptions"];
  if (
    options !== undefined &&
    !(isObject(options) && options["disableNameSuffixHash"] === true && Object.keys(options).length === 1)
  )
    throw new Error(
      `${dir}: generatorOptions must be exactly {disableNameSuffixHash: true} (name hashing is not rendered)`,
    );
  const hasGenerators =
    kustomization["configMapGenerator"] !== undefined || kustomization["secretGenerator"] !== undefined;
  if (hasGenerators && options === undefined)
    throw new Error(`${dir}: generators need generatorOptions.disableNameSuffixHash`);
  for (const [kind, key] of [
    ["ConfigMap", "configMapGenerator"],
    ["Secret", "secretGenerator"],
  ] as const) {
    for (const gen of list<Generator>(kustomization[key])) {
      const { data, files } = generatedData(dir, gen, readFile);
      const id = `${kind}/${gen.name}`;
      const existing = objects.findIndex((o) => o.kind === kind && o.metadata.name === gen.name);
      const behavior = gen.behavior ?? "create";
      if (behavior === "create" ? existing >= 0 : existing < 0)
        throw new Error(
          `${dir}: ${key} ${gen.name} with behavior ${behavior}: ${existing >= 0 ? "already exists" : "nothing to " + behavior}`,
        );
      const before = existing >= 0 ? decoded(objects[existing]!) : {};
      const merged = behavior === "merge" ? { ...before, ...data } : data;
      const object =
        kind === "ConfigMap"
          ? { apiVersion: "v1", kind, metadata: { name: gen.name }, data: merged }
          : {
              apiVersion: "v1",
              kind,
              metadata: { name: gen.name },
              type: gen.type ?? "Opaque",
              data: base64Values(merged),
            };
      if (existing >= 0) objects[existing] = object;
      else objects.push(object);
      sources.set(id, behavior === "merge" ? [...(sources.get(id) ?? []), ...files] : files);
    }
  }
}

function list<T>(value: unknown): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`expected a list, got ${JSON.stringify(value)}`);
  return value as T[];
}

function parseDocuments(text: string): unknown[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw doc.errors[0];
      return doc.toJS() as unknown;
    })
    .filter((doc) => doc !== null);
}

function asObject(doc: unknown, path: string): K8sObject {
  if (
    !isObject(doc) ||
    typeof doc["apiVersion"] !== "string" ||
    typeof doc["kind"] !== "string" ||
    !isObject(doc["metadata"])
  )
    throw new Error(`${path}: a document without apiVersion, kind or metadata`);
  return doc as K8sObject;
}

/** An env file the way both kustomize and docker compose read it: KEY=VALUE lines, # comments, nothing quoted. */
export function parseEnvFile(text: string, path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) throw new Error(`${path}: not KEY=VALUE: ${line}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

function generatedData(
  dir: string,
  gen: Generator,
  readFile: (path: string) => string,
): { data: Record<string, string>; files: string[] } {
  const data: Record<string, string> = {};
  const files: string[] = [];
  for (const env of gen.envs ?? []) {
    const path = resolve(dir, env);
    Object.assign(data, parseEnvFile(readFile(path), path));
    files.push(path);
  }
  for (const spec of gen.files ?? []) {
    const [key, file] = spec.includes("=") ? spec.split("=", 2) : [basename(spec), spec];
    const path = resolve(dir, file ?? spec);
    data[key ?? spec] = readFile(path);
    files.push(path);
  }
  for (const literal of gen.literals ?? []) Object.assign(data, parseEnvFile(literal, `${gen.name} literal`));
  return { data, files };
}

/** ConfigMap data as is, Secret data base64-decoded. */
export function decoded(object: K8sObject): Record<string, string> {
  const data = (object["data"] ?? {}) as Record<string, string>;
  if (object.kind !== "Secret") return { ...data };
  const plain = Object.entries(data).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]);
  return { ...Object.fromEntries(plain), ...((object["stringData"] ?? {}) as Record<string, string>) };
}

const base64Values = (data: Record<string, string>) =>
  Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, "utf8").toString("base64")]));

function applyPatch(dir: string, objects: K8sObject[], patch: Patch): void {
  const text = patch.path ? readFileSync(resolve(dir, patch.path), "utf8") : patch.patch;
  const docs = parseDocuments(text ?? "");
  const body = docs[0];
  if (docs.length !== 1 || !isObject(body) || Array.isArray(body))
    throw new Error(`${dir}: a patch must be one strategic-merge document (JSON 6902 is not rendered)`);
  const patchObject = asObject(body, patch.path ?? "inline patch");
  const targets = objects
    .map((o, i) => [o, i] as const)
    .filter(([o]) =>
      patch.target
        ? selects(patch.target, o)
        : o.kind === patchObject.kind && o.metadata.name === patchObject.metadata.name,
    );
  if (targets.length === 0)
    throw new Error(`${dir}: patch ${patch.path ?? JSON.stringify(patch.target)} matches nothing`);
  for (const [object, i] of targets) {
    // With a target, the patch's own name is a placeholder: the selected object keeps its identity.
    const merged = strategicMerge(
      object,
      patch.target
        ? { ...patchObject, metadata: { ...patchObject.metadata, name: object.metadata.name } }
        : patchObject,
    );
    objects[i] = merged as K8sObject;
  }
}

function selects(target: NonNullable<Patch["target"]>, o: K8sObject): boolean {
  if (target.kind && target.kind !== o.kind) return false;
  if (target.name && !new RegExp(`^(?:${target.name})$`).test(o.metadata.name)) return false;
  for (const term of target.labelSelector?.split(",") ?? []) {
    const [key, value] = term.split("=");
    if (!key || o.metadata.labels?.[key.trim()] !== value?.trim()) return false;
  }
  return true;
}

/** Every pod spec in the rendered objects (Deployment, StatefulSet, Job), with the object it belongs to. */
export function podSpecs(objects: K8sObject[]): { owner: K8sObject; spec: Json }[] {
  return objects.flatMap((owner) => {
    const template = isObject(owner["spec"]) ? owner["spec"]["template"] : undefined;
    const spec = isObject(template) ? template["spec"] : undefined;
    return isObject(spec) ? [{ owner, spec }] : [];
  });
}

function setImage(objects: K8sObject[], image: { name: string; newName?: string; newTag?: string }): void {
  let used = false;
  for (const { spec } of podSpecs(objects)) {
    for (const container of [...list<Json>(spec["containers"]), ...list<Json>(spec["initContainers"])]) {
      const current = String(container["image"]);
      // The tag is after the last colon, unless that colon belongs to a registry port (before the last slash).
      const colon = current.lastIndexOf(":");
      const tagged = colon > current.lastIndexOf("/");
      const name = tagged ? current.slice(0, colon) : current;
      if (name !== image.name) continue;
      const tag = image.newTag ?? (tagged ? current.slice(colon + 1) : undefined);
      container["image"] = `${image.newName ?? name}${tag ? `:${tag}` : ""}`;
      used = true;
    }
  }
  if (!used) throw new Error(`images: no container uses ${image.name}`);
}
