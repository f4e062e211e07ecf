import type { Config } from "./schema.js";

/**
 * Keys a running process applies without a restart (a section name covers every key under it). Everything else is
 * read once at boot (ports, databases, secrets, pool sizes...), so a change to it is reported as "needs restart".
 */
export const RELOADABLE_KEYS: readonly string[] = [
  "logLevel",
  "rateLimit",
  "breakers",
  "cache.bookTtlMs",
  "cache.l2TtlMs",
  "cache.negativeTtlMs",
  "listing.high.capacity",
  "listing.high.workers",
  "listing.normal.capacity",
  "listing.normal.workers",
  "features",
];

/**
 * Keys whose values never appear in a reload's log or audit line, only their paths. Reloadable keys are all
 * non-secret; for any other key only the path is ever reported, so this list is the guard if that changes.
 */
export const SECRET_KEYS: readonly string[] = [
  "auth.jwtSecret",
  "payments.hmacSecret",
  "configReload.webhookSecret",
  "database.url",
  "database.replicaUrls",
  "redisUrl",
];

const covers = (prefix: string, path: string) => path === prefix || path.startsWith(`${prefix}.`);

export const isReloadable = (path: string): boolean => RELOADABLE_KEYS.some((k) => covers(k, path));
export const isSecret = (path: string): boolean => SECRET_KEYS.some((k) => covers(k, path));

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Dotted paths of the leaves that differ; arrays are leaves (compared by content). */
export function diffConfig(before: unknown, after: unknown, prefix = ""): string[] {
  if (isObject(before) && isObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].sort().flatMap((k) => diffConfig(before[k], after[k], prefix ? `${prefix}.${k}` : k));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [prefix || "(root)"];
}

export interface ConfigChange {
  /** Reloadable keys that differ: applied. */
  apply: string[];
  /** Keys that differ but are read only at boot: reported, not applied. */
  needsRestart: string[];
}

export function classifyChanges(before: Readonly<Config>, after: Readonly<Config>): ConfigChange {
  const changed = diffConfig(before, after);
  return { apply: changed.filter(isReloadable), needsRestart: changed.filter((p) => !isReloadable(p)) };
}

function valueAt(root: unknown, path: string): unknown {
  let node = root;
  for (const key of path.split(".")) node = isObject(node) ? node[key] : undefined;
  return node;
}

/**
 * `current` with the values at `paths` taken from `next`; untouched sections keep their identity, so consumers
 * can tell a changed section by reference. The result is frozen like a loaded config.
 */
export function withValuesFrom(current: Readonly<Config>, next: Readonly<Config>, paths: readonly string[]): Readonly<Config> {
  const copy = (node: unknown, path: string[], value: unknown): unknown => {
    const [head, ...rest] = path;
    if (head === undefined) return value;
    const base: Json = isObject(node) ? node : {};
    return Object.freeze({ ...base, [head]: copy(base[head], rest, value) });
  };
  let out: unknown = current;
  for (const p of paths) out = copy(out, p.split("."), deepFrozen(valueAt(next, p)));
  return out as Readonly<Config>;
}

function deepFrozen<T>(v: T): T {
  if (isObject(v) || Array.isArray(v)) for (const x of Object.values(v)) deepFrozen(x);
  return Object.freeze(v);
}

/** What an audit or log line may say about a changed key: its old and new value, unless it is secret. */
export function describeChange(before: Readonly<Config>, after: Readonly<Config>, path: string): { path: string; from?: unknown; to?: unknown } {
  if (isSecret(path) || !isReloadable(path)) return { path };
  return { path, from: valueAt(before, path), to: valueAt(after, path) };
}
