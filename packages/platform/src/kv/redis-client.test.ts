import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "../logger/index.js";
import { eventually, findBinary, hasRedis, servicesRequired, startRedis } from "../testing/index.js";
import { closeRedisClient, createRedisClient } from "./redis-client.js";

describe.runIf(hasRedis() || servicesRequired)("Redis connection trouble", () => {
  const dir = mkdtempSync(join(tmpdir(), "bookstore-redis-again-"));
  const cleanups: (() => unknown)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is reported once when an outage starts and once when the connection is back, not per reconnect attempt", async () => {
    const lines: { level: number; msg: string; redis?: string }[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
        done();
      },
    });
    const logger = createLogger({ level: "info", name: "test", destination: sink, sampling: false });
    const redis = await startRedis();
    const client = createRedisClient(redis.url, { logger });
    cleanups.push(() => closeRedisClient(client, 200));
    expect(await client.ping()).toBe("PONG");

    await redis.stop();
    // ioredis retries every few hundred ms meanwhile; each failed attempt is an "error" event.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(lines.filter((l) => l.level === 40).map((l) => l.msg)).toEqual(["redis connection error; reconnecting"]);
    expect(lines[0]?.redis).toBe(redis.url);

    // A server on the same port again: the client reconnects by itself and says so once.
    const again = spawn(findBinary("redis-server") as string, ["--port", String(redis.port), "--save", "", "--appendonly", "no", "--bind", "127.0.0.1", "--dir", dir], { stdio: "ignore" });
    cleanups.push(() => again.kill("SIGKILL"));
    await eventually(() => expect(lines.map((l) => l.msg)).toContain("redis connection back"), { timeoutMs: 15_000 });
    expect(await client.ping()).toBe("PONG");
    expect(lines.filter((l) => l.level === 40)).toHaveLength(1);
  });
});
