import { Counter, type Registry } from "prom-client";
import { parse as parseYaml } from "yaml";
import type { Logger } from "../logger/index.js";
import { classifyChanges, describeChange, withValuesFrom } from "./config-diff.js";
import { ConfigError, loadConfig } from "./load-config.js";
import type { Config } from "./schema.js";

export type ReloadSource = "file" | "webhook" | "etcd";
export type ReloadOutcome = "applied" | "unchanged" | "rejected";

export interface ReloadResult {
  outcome: ReloadOutcome;
  /** Reloadable keys now in effect with new values. */
  changed: string[];
  /** Keys that differ from the running config but are read only at boot: not applied. */
  needsRestart: string[];
  /** Why a rejected config was rejected (paths and rules, never values). */
  problems: string[];
}

type Json = Record<string, unknown>;

/** Builds a whole validated config: the boot loader again, with the overrides layers currently known. */
export type ConfigLoader = (input: { layers: Json[]; previous: Readonly<Config> }) => Readonly<Config>;

/** The same loading the process booted with (defaults → file → layers → env → validate). */
export const loaderFor =
  (source: { env: Readonly<Record<string, string | undefined>>; file?: string | undefined }): ConfigLoader =>
  ({ layers, previous }) =>
    loadConfig({ env: source.env, file: source.file, layers, previous });

export interface LiveConfigOptions {
  load: ConfigLoader;
  logger: Logger;
  /** config_reloads_total{source,outcome} goes here. */
  registry?: Registry | undefined;
  now?: () => Date;
}

type Listener = (next: Readonly<Config>, previous: Readonly<Config>) => void;

/** Error text without what follows the first line: YAML parse errors quote the offending line, which may hold a secret. */
const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";

/**
 * The settings a running process acts on. Starts as the boot config; `reload` re-runs the boot loader and applies
 * only the reloadable keys (config-diff.ts), so whatever was read once at boot and the running process never
 * disagree. Consumers read `current` when they act, or subscribe with `onChange` for things they must resize.
 */
export class LiveConfig {
  private value: Readonly<Config>;
  private layers: Json[] = [];
  private readonly listeners = new Set<Listener>();
  private readonly audit: Logger;
  private readonly reloads: Counter<"source" | "outcome"> | undefined;

  constructor(
    initial: Readonly<Config>,
    private readonly opts: LiveConfigOptions,
  ) {
    this.value = initial;
    // Its own level: an audit trail must not disappear because someone set logLevel to "error".
    this.audit = opts.logger.child({ component: "config", audit: "config.reload" }, { level: "info" });
    const registry = opts.registry;
    this.reloads = registry
      ? ((registry.getSingleMetric("config_reloads_total") as Counter<"source" | "outcome"> | undefined) ??
        new Counter({
          name: "config_reloads_total",
          help: "Config reloads by trigger (file, webhook, etcd) and outcome (applied, unchanged, rejected)",
          labelNames: ["source", "outcome"],
          registers: [registry],
        }))
      : undefined;
  }

  /** A LiveConfig that never changes (a gateway or service built without a config source, e.g. in tests). */
  static fixed(config: Readonly<Config>, logger: Logger): LiveConfig {
    return new LiveConfig(config, { load: () => config, logger });
  }

  get current(): Readonly<Config> {
    return this.value;
  }

  /** Called after each applied reload with the new and the old config; returns the unsubscribe function. */
  onChange(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Loads again (file + layers + env), validates, applies the reloadable changes. Never throws. */
  reload(source: ReloadSource, load: ConfigLoader = this.opts.load): ReloadResult {
    return this.attempt(source, () => load({ layers: this.layers, previous: this.value }));
  }

  /**
   * New YAML overrides above the file (the etcd key): kept only if the config they make is valid, so a bad value
   * in etcd leaves both the running config and the last good overrides in place. Empty text = no overrides.
   */
  reloadWithOverrides(source: ReloadSource, yamlText: string): ReloadResult {
    let layer: Json;
    try {
      const parsed: unknown = yamlText.trim() === "" ? {} : parseYaml(yamlText);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new ConfigError([`${source} overrides: expected a YAML mapping`]);
      layer = parsed as Json;
    } catch (e) {
      return this.rejected(source, e);
    }
    const result = this.attempt(source, () => this.opts.load({ layers: [layer], previous: this.value }));
    if (result.outcome !== "rejected") this.layers = [layer];
    return result;
  }

  private attempt(source: ReloadSource, load: () => Readonly<Config>): ReloadResult {
    let next: Readonly<Config>;
    try {
      next = load();
    } catch (e) {
      return this.rejected(source, e);
    }
    const before = this.value;
    const { apply, needsRestart } = classifyChanges(before, next);
    if (apply.length > 0) this.value = withValuesFrom(before, next, apply);
    const outcome: ReloadOutcome = apply.length > 0 ? "applied" : "unchanged";
    this.reloads?.inc({ source, outcome });
    if (apply.length > 0 || needsRestart.length > 0) {
      this.audit.info(
        {
          at: (this.opts.now?.() ?? new Date()).toISOString(),
          source,
          outcome,
          changed: apply.map((p) => describeChange(before, this.value, p)),
          needsRestart,
        },
        needsRestart.length > 0 ? "config reloaded; some changed keys need a restart and were not applied" : "config reloaded",
      );
    }
    if (needsRestart.length > 0)
      this.opts.logger.warn({ source, needsRestart }, "config keys changed that only take effect after a restart");
    if (apply.length > 0) this.notify(before);
    return { outcome, changed: apply, needsRestart, problems: [] };
  }

  private rejected(source: ReloadSource, e: unknown): ReloadResult {
    const problems = e instanceof ConfigError ? e.problems : [firstLine(e)];
    this.reloads?.inc({ source, outcome: "rejected" });
    this.opts.logger.warn({ source, problems }, "config reload rejected; the current config stays in effect");
    return { outcome: "rejected", changed: [], needsRestart: [], problems };
  }

  private notify(previous: Readonly<Config>): void {
    for (const fn of this.listeners) {
      try {
        fn(this.value, previous);
      } catch (err) {
        // One consumer failing to adjust must not keep the others on the old settings.
        this.opts.logger.error({ err }, "a config change listener failed");
      }
    }
  }
}
