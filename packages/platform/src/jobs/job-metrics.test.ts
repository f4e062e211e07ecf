import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../clock/index.js";
import { openDatabase, type Database } from "../db/index.js";
import { createLogger } from "../logger/index.js";
import { Registry } from "../metrics/index.js";
import { eventually, useTestDatabase } from "../testing/index.js";
import { openJobSystem, type JobKinds, type JobSystem } from "./job-system.js";
import { createJobsTable, dropJobsTable, jobsTraceparentMigration, jobsTableOf, type JobsDb } from "./sql-jobs-table.js";

const logger = createLogger({ level: "silent", name: "job-metrics-test" });
const settings = { pollIntervalMs: 20, leaseMs: 5_000, concurrency: 1, localConcurrency: 1, keepCompletedMs: 60_000 };
const migrations = () => ({
  "0001-jobs": { up: createJobsTable, down: dropJobsTable },
  "0002-jobs-traceparent": jobsTraceparentMigration(),
});
const KINDS: JobKinds = {
  "mail.send": { backend: "durable", queue: "mail", maxAttempts: 1, backoffMs: 0, priority: 10 },
  "cache.warm": { backend: "local", queue: "warm", maxAttempts: 1, backoffMs: 0, priority: 5 },
};
const durable = { backend: "durable", maxAttempts: 1, backoffMs: 0, priority: 10 } as const;

/** The jobs_queue_depth samples of a scrape, as {"queue/state": value}. */
async function depths(registry: Registry): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric("jobs_queue_depth")?.get();
  return Object.fromEntries((metric?.values ?? []).map((v) => [`${String(v.labels["queue"])}/${String(v.labels["state"])}`, v.value]));
}

describe("jobs_queue_depth gauge", () => {
  const t = useTestDatabase<JobsDb>("sqlite", "jobs", migrations);

  it("reports waiting, active, delayed and failed per queue when scraped, one series per queue and state", async () => {
    const registry = new Registry();
    const jobs = openJobSystem({ kinds: KINDS, settings, redisUrl: "", sql: jobsTableOf(t.db.db), clock: systemClock, logger, registry });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    jobs.handle("mail.send", (payload) => (payload === "bad" ? Promise.reject(new Error("bounced")) : gate));
    jobs.handle("cache.warm", () => gate);
    try {
      expect(await depths(registry)).toEqual({
        "mail/waiting": 0, "mail/active": 0, "mail/delayed": 0, "mail/failed": 0,
        "warm/waiting": 0, "warm/active": 0, "warm/delayed": 0, "warm/failed": 0,
      });
      await jobs.enqueue("mail.send", "bad", { priority: 1 });
      await jobs.enqueue("mail.send", "slow", { priority: 2 });
      await jobs.enqueue("mail.send", "next", { priority: 3 });
      await jobs.enqueue("mail.send", "later", { delayMs: 60_000 });
      await jobs.enqueue("cache.warm", 1);
      await jobs.enqueue("cache.warm", 2);
      jobs.start();
      await eventually(async () =>
        expect(await depths(registry)).toEqual({
          "mail/waiting": 1, "mail/active": 1, "mail/delayed": 1, "mail/failed": 1,
          "warm/waiting": 1, "warm/active": 1, "warm/delayed": 0, "warm/failed": 0,
        }));
      const text = await registry.metrics();
      expect(text).toContain("# TYPE jobs_queue_depth gauge");
      expect(text).toContain('jobs_queue_depth{queue="mail",state="failed"} 1');
      expect(text).not.toContain('state="completed"'); // history, not depth
    } finally {
      release();
      await jobs.close();
    }
    expect(await depths(registry)).toEqual({}); // a closed system no longer reports
  });

  describe("with a second job system on the same registry", () => {
    let dir = "";
    let other: Database<JobsDb>;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "bookstore-job-metrics-"));
      other = await openDatabase<JobsDb>({
        service: "other", config: { dialect: "sqlite", url: "", databasePrefix: "", poolSize: 1 }, dataDir: dir, migrations, logger,
      });
    });
    afterAll(async () => {
      await other.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it("reports both, and still answers the scrape when one of them cannot be read", async () => {
      const registry = new Registry();
      const systems: JobSystem[] = [
        openJobSystem({ kinds: { a: { ...durable, queue: "alpha" } }, settings, redisUrl: "", sql: jobsTableOf(t.db.db), clock: systemClock, logger, registry }),
        openJobSystem({ kinds: { b: { ...durable, queue: "beta" } }, settings, redisUrl: "", sql: jobsTableOf(other.db), clock: systemClock, logger, registry }),
      ];
      try {
        await systems[1]?.enqueue("b", {}, { delayMs: 60_000 });
        expect(await depths(registry)).toMatchObject({ "alpha/delayed": 0, "beta/delayed": 1 });
        await other.close(); // beta's store is gone: its stats fail
        const after = await depths(registry);
        expect(after).toMatchObject({ "alpha/waiting": 0 });
        expect(Object.keys(after).some((k) => k.startsWith("beta/"))).toBe(false);
      } finally {
        for (const s of systems) await s.close();
      }
    });
  });
});
