import { describe, expect, it } from "vitest";
import { mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { createLogger } from "../logger/index.js";
import { createMetrics } from "../metrics/index.js";
import { eventually } from "../testing/index.js";
import { classifyChanges, diffConfig, withValuesFrom } from "./config-diff.js";
import { LiveConfig, loaderFor } from "./live-config.js";
import { loadConfig } from "./load-config.js";
import { watchConfigFile } from "./watch-config-file.js";

/** A real pino logger whose JSON lines are kept for the test to read. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { logger: createLogger({ level: "warn", name: "config-test", destination, sampling: false }), lines, raw };
}

function configFile(text: string) {
  const dir = mkdtempSync(join(tmpdir(), "live-cfg-"));
  const file = join(dir, "bookstore.yaml");
  writeFileSync(file, text);
  return { dir, file };
}

async function reloadCount(metrics: ReturnType<typeof createMetrics>, source: string, outcome: string): Promise<number> {
  const metric = await metrics.registry.getSingleMetric("config_reloads_total")?.get();
  return metric?.values.find((v) => v.labels["source"] === source && v.labels["outcome"] === outcome)?.value ?? 0;
}

function liveFrom(text: string, env: Record<string, string> = {}) {
  const { file, dir } = configFile(text);
  const log = capturedLogger();
  const metrics = createMetrics();
  const source = { env, file };
  const live = new LiveConfig(loadConfig(source), { load: loaderFor(source), logger: log.logger, registry: metrics.registry });
  return { live, file, dir, log, metrics };
}

describe("config diff", () => {
  it("lists changed leaves as dotted paths and splits reloadable from boot-only keys", () => {
    const before = loadConfig({ env: {} });
    const after = loadConfig({
      env: { BOOKSTORE_RATE_LIMIT__PER_IP_PER_MINUTE: "7", BOOKSTORE_LISTING__HIGH__WORKERS: "2", PORT: "9999", BOOKSTORE_JOBS__CONCURRENCY: "3" },
      previous: before,
    });
    // payments.callbackUrl is derived from the port.
    expect(diffConfig(before, after)).toEqual(["jobs.concurrency", "listing.high.workers", "payments.callbackUrl", "port", "rateLimit.perIpPerMinute"]);
    expect(classifyChanges(before, after)).toEqual({
      apply: ["listing.high.workers", "rateLimit.perIpPerMinute"],
      needsRestart: ["jobs.concurrency", "payments.callbackUrl", "port"],
    });
  });

  it("copies only the given paths, keeps untouched sections by identity and stays frozen", () => {
    const before = loadConfig({ env: {} });
    const after = loadConfig({ env: { BOOKSTORE_CACHE__BOOK_TTL_MS: "1", BOOKSTORE_CACHE__MAX_ENTRIES: "5", PORT: "1" }, previous: before });
    const merged = withValuesFrom(before, after, ["cache.bookTtlMs"]);
    expect(merged.cache.bookTtlMs).toBe(1);
    expect(merged.cache.maxEntries).toBe(before.cache.maxEntries);
    expect(merged.port).toBe(before.port);
    expect(merged.rateLimit).toBe(before.rateLimit);
    expect(merged.cache).not.toBe(before.cache);
    expect(Object.isFrozen(merged) && Object.isFrozen(merged.cache)).toBe(true);
  });
});

describe("LiveConfig", () => {
  it("applies a reloadable change from the file, tells subscribers, counts it and audit-logs the path", async () => {
    const { live, file, log, metrics } = liveFrom("rateLimit:\n  perIpPerMinute: 100\n");
    const seen: number[] = [];
    live.onChange((next, prev) => seen.push(prev.rateLimit.perIpPerMinute, next.rateLimit.perIpPerMinute));
    writeFileSync(file, "rateLimit:\n  perIpPerMinute: 5\n");
    const result = live.reload("file");
    expect(result).toEqual({ outcome: "applied", changed: ["rateLimit.perIpPerMinute"], needsRestart: [], problems: [] });
    expect(live.current.rateLimit.perIpPerMinute).toBe(5);
    expect(seen).toEqual([100, 5]);
    expect(await reloadCount(metrics, "file", "applied")).toBe(1);
    // The audit line is written although logLevel (warn) is above info.
    const audit = log.lines.find((l) => l["audit"] === "config.reload");
    expect(audit).toMatchObject({ source: "file", outcome: "applied", changed: [{ path: "rateLimit.perIpPerMinute", from: 100, to: 5 }] });
    expect(typeof audit?.["at"]).toBe("string");
    expect(live.reload("file").outcome).toBe("unchanged");
    expect(await reloadCount(metrics, "file", "unchanged")).toBe(1);
  });

  it("rejects an invalid file: the old config stays, a warn line and the rejected metric say why", async () => {
    const { live, file, log, metrics } = liveFrom("rateLimit:\n  perIpPerMinute: 100\n");
    const before = live.current;
    writeFileSync(file, "rateLimit:\n  perIpPerMinute: -3\n");
    const result = live.reload("webhook");
    expect(result.outcome).toBe("rejected");
    expect(result.problems.join("\n")).toContain("rateLimit.perIpPerMinute");
    expect(live.current).toBe(before);
    expect(await reloadCount(metrics, "webhook", "rejected")).toBe(1);
    expect(log.lines.some((l) => l["level"] === 40 && l["msg"] === "config reload rejected; the current config stays in effect")).toBe(true);
    writeFileSync(file, "rateLimit: [not, a, mapping\n");
    expect(live.reload("file").outcome).toBe("rejected");
    expect(live.current).toBe(before);
  });

  it("reports boot-only keys as needing a restart and never writes a secret's value", () => {
    const secret = "s3cret-webhook-key-that-must-not-leak";
    const { live, file, log } = liveFrom("port: 8123\n");
    writeFileSync(
      file,
      `port: 8124\nconfigReload:\n  webhookSecret: ${secret}\nauth:\n  jwtSecret: ${secret}-jwt\nfeatures:\n  flashSales: false\n`,
    );
    const result = live.reload("file");
    expect(result.outcome).toBe("applied");
    expect(result.changed).toEqual(["features.flashSales"]);
    expect(result.needsRestart).toEqual(["auth.jwtSecret", "configReload.webhookSecret", "payments.callbackUrl", "port"]);
    expect(live.current.port).toBe(8123);
    expect(live.current.configReload.webhookSecret).toBe("");
    expect(live.current.features.flashSales).toBe(false);
    const audit = log.lines.find((l) => l["audit"] === "config.reload");
    expect(audit?.["needsRestart"]).toEqual(["auth.jwtSecret", "configReload.webhookSecret", "payments.callbackUrl", "port"]);
    expect(log.raw.join("\n")).not.toContain(secret);
  });

  it("keeps the generated embedded secrets across reloads, so they never show up as changed", () => {
    const { live, file } = liveFrom("logLevel: warn\n");
    const jwt = live.current.auth.jwtSecret;
    writeFileSync(file, "logLevel: debug\n");
    expect(live.reload("file")).toMatchObject({ outcome: "applied", changed: ["logLevel"], needsRestart: [] });
    expect(live.current.auth.jwtSecret).toBe(jwt);
  });

  it("layers overrides above the file and below env; bad overrides leave the last good ones", () => {
    const { live } = liveFrom("breakers:\n  timeoutMs: 500\ncache:\n  bookTtlMs: 100\n", { BOOKSTORE_CACHE__BOOK_TTL_MS: "300" });
    expect(live.reloadWithOverrides("etcd", "breakers:\n  timeoutMs: 700\ncache:\n  bookTtlMs: 200\n").changed).toEqual([
      "breakers.timeoutMs",
    ]);
    expect(live.current.breakers.timeoutMs).toBe(700);
    expect(live.current.cache.bookTtlMs).toBe(300);
    expect(live.reloadWithOverrides("etcd", "breakers: {timeoutMs: 0}\n").outcome).toBe("rejected");
    expect(live.reloadWithOverrides("etcd", ": : :\n").outcome).toBe("rejected");
    // A file reload still sees the last accepted overrides.
    expect(live.reload("file").outcome).toBe("unchanged");
    expect(live.current.breakers.timeoutMs).toBe(700);
    expect(live.reloadWithOverrides("etcd", "").changed).toEqual(["breakers.timeoutMs"]);
    expect(live.current.breakers.timeoutMs).toBe(500);
  });

  it("a failing subscriber does not keep the others on the old settings", () => {
    const { live, file, log } = liveFrom("logLevel: warn\n");
    const got: string[] = [];
    live.onChange(() => {
      throw new Error("boom");
    });
    live.onChange((next) => got.push(next.logLevel));
    writeFileSync(file, "logLevel: error\n");
    live.reload("file");
    expect(got).toEqual(["error"]);
    expect(log.lines.some((l) => l["msg"] === "a config change listener failed")).toBe(true);
  });
});

describe("watchConfigFile", () => {
  it("reloads when an editor replaces the file by rename, and again on a later in-place write", async () => {
    const { live, file, dir, log } = liveFrom("rateLimit:\n  perUserPerMinute: 100\n");
    const watcher = watchConfigFile(live, file, log.logger);
    try {
      const temp = join(dir, ".bookstore.yaml.swp");
      writeFileSync(temp, "rateLimit:\n  perUserPerMinute: 42\n");
      renameSync(temp, file);
      await eventually(() => expect(live.current.rateLimit.perUserPerMinute).toBe(42), { timeoutMs: 10_000 });
      writeFileSync(file, "rateLimit:\n  perUserPerMinute: 43\n");
      await eventually(() => expect(live.current.rateLimit.perUserPerMinute).toBe(43), { timeoutMs: 10_000 });
    } finally {
      watcher.close();
    }
  });
});
