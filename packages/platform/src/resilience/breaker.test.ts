import { describe, expect, it } from "vitest";
import { createLogger } from "../logger/index.js";
import { createMetrics } from "../metrics/index.js";
import { eventually } from "../testing/index.js";
import { Breaker, BreakerRejectedError, type BreakerPolicy } from "./breaker.js";

const logger = createLogger({ level: "silent", name: "breaker-test" });
const policy: BreakerPolicy = { timeoutMs: 50, maxConcurrent: 5, errorThresholdPercent: 50, volumeThreshold: 20, resetTimeoutMs: 300, windowMs: 10_000 };

/** A dependency that never answers until released; it honours the abort signal like a Connect call does. */
function stalledDependency() {
  let calls = 0;
  let aborted = 0;
  let healthy = false;
  const call = (signal: AbortSignal) => {
    calls++;
    if (healthy) return Promise.resolve("ok");
    return new Promise<string>((_, reject) => signal.addEventListener("abort", () => (aborted++, reject(signal.reason as Error))));
  };
  return { call, heal: () => (healthy = true), get calls() { return calls; }, get aborted() { return aborted; } };
}

const reason = (e: unknown) => (e instanceof BreakerRejectedError ? e.reason : String(e));

describe("Breaker", () => {
  it("times out a stalled call, opens after ≥50 % failures over ≥20 calls, then fails fast without calling", async () => {
    const metrics = createMetrics();
    const breaker = new Breaker("stock", policy, logger, metrics.registry);
    const dep = stalledDependency();
    const first = await Promise.allSettled(Array.from({ length: 20 }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i * 3)); // stay under maxConcurrent... mostly
      return breaker.run(dep.call);
    }));
    expect(first.every((r) => r.status === "rejected")).toBe(true);
    await eventually(() => expect(breaker.state).toBe("open"));
    expect(dep.aborted).toBeGreaterThan(0); // timed-out calls are cancelled, not left running

    const callsBefore = dep.calls;
    const fast = await Promise.allSettled(Array.from({ length: 100 }, () => breaker.run(dep.call)));
    expect(fast.map((r) => (r.status === "rejected" ? reason(r.reason) : "ok"))).toEqual(Array(100).fill("open"));
    expect(dep.calls).toBe(callsBefore);
    const state = await metrics.registry.getSingleMetric("breaker_state")?.get();
    expect(state?.values.find((v) => v.labels["breaker"] === "stock")?.value).toBe(2);
    // Every call is timed by outcome: the 100 fast failures all in the "open" series, the 20 stalled ones as timeouts.
    const calls = (await metrics.registry.getSingleMetric("breaker_call_duration_seconds")?.get())?.values ?? [];
    const count = (outcome: string) => calls.find((v) => (v as { metricName?: string }).metricName === "breaker_call_duration_seconds_count" && v.labels["outcome"] === outcome)?.value;
    expect(count("open")).toBe(100);
    expect((count("timeout") ?? 0) + (count("saturated") ?? 0)).toBe(20);
  });

  it("half-opens after resetTimeout and closes on a successful trial", async () => {
    const breaker = new Breaker("recommendations", { ...policy, volumeThreshold: 2 }, logger);
    const dep = stalledDependency();
    await Promise.allSettled([breaker.run(dep.call), breaker.run(dep.call)]);
    await eventually(() => expect(breaker.state).toBe("open"));
    dep.heal();
    await eventually(() => expect(breaker.state).toBe("half_open"), { timeoutMs: 2_000 });
    await expect(breaker.run(dep.call)).resolves.toBe("ok");
    expect(breaker.state).toBe("closed");
    breaker.shutdown();
  });

  it("rejects calls beyond maxConcurrent at once instead of queueing them", async () => {
    const breaker = new Breaker("slow", { ...policy, timeoutMs: 1_000 }, logger);
    const dep = stalledDependency();
    const inFlight = Array.from({ length: 5 }, () => breaker.run(dep.call).catch(reason));
    await expect(breaker.run(dep.call).catch(reason)).resolves.toBe("saturated");
    dep.heal();
    await Promise.all(inFlight);
    breaker.shutdown();
  });
});
