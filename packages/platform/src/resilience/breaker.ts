import CircuitBreaker from "opossum";
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { Logger } from "../logger/index.js";

export interface BreakerPolicy {
  /** A call slower than this counts as a failure and is abandoned (its signal aborts). */
  timeoutMs: number;
  /** Calls in flight at once; more are rejected at once instead of queueing behind a slow dependency. */
  maxConcurrent: number;
  /** Opens when at least this share of calls in the window failed... */
  errorThresholdPercent: number;
  /** ...and the window holds at least this many calls. */
  volumeThreshold: number;
  /** Open for this long, then one trial call (half-open) decides. */
  resetTimeoutMs: number;
  /** The rolling window the percentages are computed over. */
  windowMs: number;
}

export const DEFAULT_BREAKER: BreakerPolicy = {
  timeoutMs: 800,
  maxConcurrent: 20,
  errorThresholdPercent: 50,
  volumeThreshold: 20,
  resetTimeoutMs: 30_000,
  windowMs: 10_000,
};

export type BreakerState = "closed" | "half_open" | "open";
const STATE_VALUE: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

/** Thrown instead of calling a dependency that is open, saturated or too slow. */
export class BreakerRejectedError extends Error {
  constructor(
    readonly breaker: string,
    readonly reason: "open" | "saturated" | "timeout",
  ) {
    super(`${breaker}: ${reason}`);
    this.name = "BreakerRejectedError";
  }
}

type Action = (signal: AbortSignal) => Promise<unknown>;

const samePolicy = (a: BreakerPolicy, b: BreakerPolicy) =>
  (Object.keys(a) as (keyof BreakerPolicy)[]).every((k) => a[k] === b[k]);

/**
 * A circuit breaker around calls to one dependency (opossum underneath). Callers catch any error and use their
 * fallback; the breaker makes that fallback immediate while the dependency is sick.
 */
export class Breaker {
  private cb: CircuitBreaker<[Action], unknown>;
  private builtFor: BreakerPolicy;
  private readonly policyNow: () => BreakerPolicy;
  private readonly stateGauge: Gauge<"breaker"> | undefined;
  private readonly rejected: Counter<"breaker" | "reason"> | undefined;
  private readonly calls: Histogram<"breaker" | "outcome"> | undefined;

  constructor(
    readonly name: string,
    /** A function is asked on every call (hot-reloaded settings): a changed policy applies to the calls after it. */
    policy: BreakerPolicy | (() => BreakerPolicy),
    private readonly logger: Logger,
    registry?: Registry,
  ) {
    this.policyNow = typeof policy === "function" ? policy : () => policy;
    const registers = registry ? [registry] : [];
    this.stateGauge = registry
      ? ((registry.getSingleMetric("breaker_state") as Gauge<"breaker"> | undefined) ??
        new Gauge({ name: "breaker_state", help: "Circuit breaker state: 0 closed, 1 half-open, 2 open", labelNames: ["breaker"], registers }))
      : undefined;
    this.rejected = registry
      ? ((registry.getSingleMetric("breaker_rejections_total") as Counter<"breaker" | "reason"> | undefined) ??
        new Counter({ name: "breaker_rejections_total", help: "Calls answered by the fallback without (or by giving up on) the dependency", labelNames: ["breaker", "reason"], registers }))
      : undefined;
    this.calls = registry
      ? ((registry.getSingleMetric("breaker_call_duration_seconds") as Histogram<"breaker" | "outcome"> | undefined) ??
        new Histogram({
          name: "breaker_call_duration_seconds",
          help: "Calls through a breaker by outcome (ok, error, open, saturated, timeout): how fast the fallback comes when it is open",
          labelNames: ["breaker", "outcome"],
          buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
          registers,
        }))
      : undefined;
    this.builtFor = this.policyNow();
    this.cb = this.build(this.builtFor);
  }

  /** opossum fixes its options (capacity, window, thresholds) at construction, so a new policy means a new one. */
  private build(policy: BreakerPolicy): CircuitBreaker<[Action], unknown> {
    const name = this.name;
    const cb = new CircuitBreaker<[Action], unknown>((action: Action) => {
      const signal = AbortSignal.timeout(policy.timeoutMs);
      return action(signal);
    }, {
      timeout: policy.timeoutMs,
      capacity: policy.maxConcurrent,
      errorThresholdPercentage: policy.errorThresholdPercent,
      volumeThreshold: policy.volumeThreshold,
      resetTimeout: policy.resetTimeoutMs,
      rollingCountTimeout: policy.windowMs,
      rollingCountBuckets: 10,
      name,
    });
    this.stateGauge?.labels({ breaker: name }).set(0);
    const moved = (state: BreakerState) => () => {
      this.stateGauge?.labels({ breaker: name }).set(STATE_VALUE[state]);
      const log = state === "open" ? this.logger.warn.bind(this.logger) : this.logger.info.bind(this.logger);
      log({ breaker: name, state }, "circuit breaker state changed");
    };
    cb.on("open", moved("open"));
    cb.on("halfOpen", moved("half_open"));
    cb.on("close", moved("closed"));
    return cb;
  }

  /**
   * The breaker for the current policy. After a change the new one starts with an empty window; an open breaker
   * stays open (the dependency is still sick) and tries again after the new resetTimeoutMs. The old one finishes
   * its calls in flight (each ends within its timeout) and is then shut down.
   */
  private breakerNow(): CircuitBreaker<[Action], unknown> {
    const policy = this.policyNow();
    if (policy === this.builtFor || samePolicy(policy, this.builtFor)) return this.cb;
    const old = this.cb;
    const oldTimeoutMs = this.builtFor.timeoutMs;
    this.builtFor = policy;
    this.cb = this.build(policy);
    if (old.opened) this.cb.open();
    setTimeout(() => old.shutdown(), oldTimeoutMs + 1_000).unref();
    this.logger.info({ breaker: this.name, policy }, "circuit breaker policy changed");
    return this.cb;
  }

  get state(): BreakerState {
    if (this.cb.opened) return "open";
    return this.cb.halfOpen ? "half_open" : "closed";
  }

  /** Runs `action` through the breaker; `signal` aborts when the call times out, so the RPC is cancelled too. */
  async run<T>(action: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const started = performance.now();
    const observe = (outcome: string) => this.calls?.labels({ breaker: this.name, outcome }).observe((performance.now() - started) / 1000);
    try {
      const result = (await this.breakerNow().fire(action)) as T;
      observe("ok");
      return result;
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      const reason = code === "EOPENBREAKER" ? "open" : code === "ESEMLOCKED" ? "saturated" : code === "ETIMEDOUT" ? "timeout" : undefined;
      observe(reason ?? "error");
      if (reason === undefined) throw e;
      this.rejected?.labels({ breaker: this.name, reason }).inc();
      throw new BreakerRejectedError(this.name, reason);
    }
  }

  shutdown(): void {
    this.cb.shutdown();
  }
}
