import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { Value } from "typebox/value";
import { parse as parseYaml } from "yaml";
import { Config } from "./schema.js";

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function setPath(target: Json, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (!isObject(next)) node[key] = {};
    node = node[key] as Json;
  }
  const last = path.at(-1);
  if (last !== undefined) node[last] = value;
}

const camel = (s: string) => s.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Env values are text; JSON-looking ones (numbers, booleans, arrays) are parsed, the rest stay strings. */
function envValue(raw: string): unknown {
  if (/^(-?\d+(\.\d+)?|true|false|\[.*\]|\{.*\})$/s.test(raw.trim())) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

export interface LoadConfigInput {
  env: Readonly<Record<string, string | undefined>>;
  file?: string | undefined;
  /** YAML-derived overrides layered above the file and below env (etcd key, hot reload); merged key by key. */
  layers?: readonly Json[] | undefined;
  /**
   * The config this load replaces (hot reload): embedded-profile secrets generated for it are kept, so a reload
   * does not see a "changed" jwtSecret every time and sessions stay valid.
   */
  previous?: Readonly<Config> | undefined;
  overrides?: Json;
}

/**
 * defaults → optional YAML file → env (PORT, DATA_DIR, DATABASE_URL, REDIS_URL, ETCD_URL, BOOKSTORE_<A>__<B>) → overrides → validate.
 * Every bad path is reported with where it came from; nothing half-valid is returned.
 */
export function loadConfig(input: LoadConfigInput): Readonly<Config> {
  const raw: Json = {};
  const sources = new Map<string, string>();
  if (input.file) {
    const parsed: unknown = parseYaml(readFileSync(input.file, "utf8"));
    if (parsed !== null && !isObject(parsed)) throw new ConfigError([`${input.file}: expected a mapping`]);
    Object.assign(raw, parsed ?? {});
  }
  for (const layer of input.layers ?? []) Object.assign(raw, deepMerge(raw, layer));
  const env = input.env;
  const put = (path: string[], value: unknown, source: string) => {
    setPath(raw, path, value);
    sources.set(path.join("."), source);
  };
  if (env["PORT"]) put(["port"], envValue(env["PORT"]), "PORT");
  if (env["DATA_DIR"]) put(["dataDir"], env["DATA_DIR"], "DATA_DIR");
  if (env["REDIS_URL"]) put(["redisUrl"], env["REDIS_URL"], "REDIS_URL");
  if (env["ETCD_URL"]) put(["discovery", "etcdUrl"], env["ETCD_URL"], "ETCD_URL");
  if (env["DATABASE_URL"]) {
    put(["database", "dialect"], "mysql", "DATABASE_URL");
    put(["database", "url"], env["DATABASE_URL"], "DATABASE_URL");
  }
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith("BOOKSTORE_") || value === undefined) continue;
    if (name === "BOOKSTORE_ADMIN_PASSWORD" || name === "BOOKSTORE_CONFIG") continue;
    const path = name.slice("BOOKSTORE_".length).split("__").map(camel);
    put(path, envValue(value), name);
  }
  if (input.overrides) for (const [k, v] of Object.entries(input.overrides)) raw[k] = v;

  const withDefaults = deepMerge(Value.Default(Config, {}), raw);
  // A union (logLevel) yields one error per member: the same line several times says nothing more.
  const problems = [
    ...new Set(
      [...Value.Errors(Config, withDefaults)].map((err) => {
        const path = err.instancePath.replace(/^\//, "").replaceAll("/", ".");
        const source = sources.get(path) ?? (input.file ? `${input.file} or default` : "default");
        return `${path || "(root)"}: ${err.message} (from ${source})`;
      }),
    ),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  const cfg = withDefaults as Config;

  if (cfg.profile === "production") {
    const missing = [
      cfg.auth.jwtSecret.length < 32 && "auth.jwtSecret: at least 32 characters required in production",
      cfg.payments.hmacSecret.length < 16 && "payments.hmacSecret: at least 16 characters required in production",
    ].filter((p): p is string => typeof p === "string");
    if (missing.length > 0) throw new ConfigError(missing);
  } else {
    // Embedded: per-process development secrets, so nothing secret ever ships as a default.
    const prev = input.previous;
    if (!cfg.auth.jwtSecret) cfg.auth.jwtSecret = prev?.auth.jwtSecret || randomBytes(32).toString("hex");
    if (!cfg.payments.hmacSecret) cfg.payments.hmacSecret = prev?.payments.hmacSecret || randomBytes(32).toString("hex");
  }
  // The mock payment provider calls back through this process's gateway unless told otherwise.
  if (!cfg.payments.callbackUrl) cfg.payments.callbackUrl = `http://127.0.0.1:${cfg.port}/api/v1/payments/callback`;
  if (cfg.database.dialect === "mysql" && !cfg.database.url)
    throw new ConfigError(["database.url: required when database.dialect is mysql"]);
  return deepFreeze(cfg);
}

/** Section by section, so setting one key of a section keeps the defaults of its siblings. */
function deepMerge(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over === undefined ? base : over;
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
}

function deepFreeze<T>(o: T): Readonly<T> {
  if (isObject(o) || Array.isArray(o)) for (const v of Object.values(o)) deepFreeze(v);
  return Object.freeze(o);
}
