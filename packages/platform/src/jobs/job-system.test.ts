import { describe, expect, it } from "vitest";
import { systemClock } from "../clock/index.js";
import { createLogger } from "../logger/index.js";
import { eventually, useTestDatabase } from "../testing/index.js";
import { JobSystem, openJobSystem, type JobKinds } from "./job-system.js";
import type { JobContext } from "./job-queue.js";
import { createJobsTable, dropJobsTable, jobsTraceparentMigration, type JobsDb } from "./sql-jobs-table.js";

const logger = createLogger({ level: "silent", name: "job-system-test" });
const settings = { pollIntervalMs: 20, leaseMs: 5_000, concurrency: 2, localConcurrency: 2, keepCompletedMs: 60_000 };
const KINDS: JobKinds = {
  "mail.send": { backend: "durable", queue: "mail", maxAttempts: 3, backoffMs: 10, priority: 10 },
  "cache.warm": { backend: "local", queue: "warm", maxAttempts: 1, backoffMs: 0, priority: 5 },
};

describe("JobSystem: the kind table decides the backend", () => {
  const t = useTestDatabase<JobsDb>("sqlite", "jobs", () => ({
    "0001-jobs": { up: createJobsTable, down: dropJobsTable },
    "0002-jobs-traceparent": jobsTraceparentMigration(),
  }));

  it("sends durable kinds to the SQL table and local kinds to the in-process pool, each to its handler", async () => {
    const jobs = openJobSystem({ kinds: KINDS, settings, redisUrl: "", sql: t.db.db, clock: systemClock, logger });
    const seen: [string, unknown, JobContext][] = [];
    jobs.handle("mail.send", async (p, ctx) => void seen.push(["mail", p, ctx]));
    jobs.handle("cache.warm", async (p, ctx) => void seen.push(["warm", p, ctx]));
    await jobs.enqueue("mail.send", { to: "a" });
    await jobs.enqueue("cache.warm", { id: 1 });
    const durableRows = await t.db.db.selectFrom("jobs").select(["queue", "kind"]).execute();
    expect(durableRows).toEqual([{ queue: "mail", kind: "mail.send" }]); // the local job never touched the db
    jobs.start();
    await eventually(() => expect(seen).toHaveLength(2));
    expect(seen.map(([h, p]) => [h, p])).toEqual(expect.arrayContaining([["mail", { to: "a" }], ["warm", { id: 1 }]]));
    await eventually(async () =>
      expect((await jobs.stats()).map((q) => [q.name, q.completed])).toEqual([["mail", 1], ["warm", 1]]));
    await expect(jobs.enqueue("nope", {})).rejects.toThrow(/unknown job kind/);
    expect(await jobs.retryFailed("no-such-queue", "1")).toBe(false);
    await jobs.close();
  });

  it("refuses a table that puts one queue on two backends, and starting with a kind nobody handles", () => {
    const open = () => { throw new Error("not reached"); };
    expect(() => new JobSystem({
      a: { backend: "durable", queue: "q", maxAttempts: 1, backoffMs: 0, priority: 1 },
      b: { backend: "local", queue: "q", maxAttempts: 1, backoffMs: 0, priority: 1 },
    }, open)).toThrow(/already durable/);
    const jobs = openJobSystem({ kinds: KINDS, settings, redisUrl: "", sql: t.db.db, clock: systemClock, logger });
    jobs.handle("mail.send", () => Promise.resolve());
    expect(() => jobs.start()).toThrow(/cache.warm/);
    expect(() => jobs.handle("other", () => Promise.resolve())).toThrow(/unknown job kind/);
  });
});
