import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { AppError, Reason } from "../errors/index.js";
import { createLogger, LogSampler } from "./index.js";

function capture(): { lines: () => Record<string, unknown>[]; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const lines = () => chunks.join("").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { lines, stream };
}

describe("LogSampler", () => {
  it("keeps the first 100 of a kind per second, then 1 in 10, and starts over each second", () => {
    let now = 5_000;
    const sampler = new LogSampler({ burst: 100, oneIn: 10, maxKinds: 10 }, () => now);
    const kept = Array.from({ length: 1_100 }, () => sampler.keep("request completed")).filter(Boolean).length;
    expect(kept).toBe(100 + 100);
    expect(sampler.keep("another kind")).toBe(true); // kinds are counted apart
    now += 1_000;
    expect(Array.from({ length: 100 }, () => sampler.keep("request completed")).every(Boolean)).toBe(true);
  });

  it("bounds memory: kinds beyond the limit share one bucket", () => {
    const sampler = new LogSampler({ burst: 2, oneIn: 1_000, maxKinds: 3 }, () => 0);
    for (const k of ["a", "b", "c"]) sampler.keep(k);
    expect([sampler.keep("d"), sampler.keep("e"), sampler.keep("f")]).toEqual([true, true, false]);
  });
});

describe("createLogger", () => {
  it("samples chatty info lines but never warnings or errors", () => {
    const out = capture();
    const logger = createLogger({ level: "info", name: "t", destination: out.stream });
    for (let i = 0; i < 300; i++) {
      logger.info({ i }, "request completed");
      logger.warn({ i }, "slow request");
    }
    const lines = out.lines();
    const info = lines.filter((l) => l["msg"] === "request completed").length;
    expect(info).toBeGreaterThanOrEqual(100);
    expect(info).toBeLessThan(300 / 2);
    expect(lines.filter((l) => l["msg"] === "slow request")).toHaveLength(300);
  });

  it("adds service and error_type, and redacts secrets", () => {
    const out = capture();
    const logger = createLogger({ level: "info", name: "order", destination: out.stream });
    logger.error({ err: new AppError(Reason.OUT_OF_STOCK, "no stock"), password: "hunter2" }, "order failed");
    logger.error({ err: new TypeError("boom"), req: { headers: { authorization: "Bearer abc.def" } } }, "crashed");
    const [a, b] = out.lines();
    expect(a).toMatchObject({ service: "order", error_type: "OUT_OF_STOCK", password: "[redacted]" });
    expect(b).toMatchObject({ error_type: "TypeError", req: { headers: { authorization: "[redacted]" } } });
    expect(JSON.stringify(out.lines())).not.toMatch(/hunter2|abc\.def/);
  });

  it("redacts credentials in headers logged on their own and in signatures and password hashes", () => {
    const out = capture();
    const logger = createLogger({ level: "trace", name: "gateway", destination: out.stream });
    logger.debug({ headers: { authorization: "Bearer tok.en.1", "x-signature": "sha256=aa11", cookie: "sid=c00k1e" } }, "callback");
    logger.debug({ call: { headers: { authorization: "Bearer tok.en.2" } }, signature: "sha256=bb22" }, "outgoing");
    logger.debug({ user: { passwordHash: "$argon2id$v=19$abc" } }, "user row");
    expect(out.lines()).toHaveLength(3);
    expect(JSON.stringify(out.lines())).not.toMatch(/tok\.en|aa11|bb22|c00k1e|argon2/);
  });
});
