import { describe, expect, it } from "vitest";
import { parseRedisUrl, redact } from "./redis-url.js";

describe("REDIS_URL syntax", () => {
  it("passes a standalone URL through as ioredis reads it (db, TLS, credentials)", () => {
    for (const url of ["redis://127.0.0.1:6379", "redis://:pw@cache:6380/2", "rediss://user:pw@cache.example.com:6380"])
      expect(parseRedisUrl(url)).toEqual({ kind: "standalone", url });
  });

  it("reads redis+cluster:// as seed nodes, with credentials and a default port", () => {
    expect(parseRedisUrl("redis+cluster://10.0.0.1:7000,10.0.0.2:7001, redis-3")).toEqual({
      kind: "cluster",
      nodes: [{ host: "10.0.0.1", port: 7000 }, { host: "10.0.0.2", port: 7001 }, { host: "redis-3", port: 6379 }],
      tls: false,
    });
    expect(parseRedisUrl("rediss+cluster://app:p%40ss@w0rd@[::1]:7000,h:7001/")).toEqual({
      kind: "cluster",
      nodes: [{ host: "::1", port: 7000 }, { host: "h", port: 7001 }],
      username: "app",
      password: "p@ss@w0rd",
      tls: true,
    });
    expect(parseRedisUrl("redis+cluster://:secret@h:7000")).toMatchObject({ password: "secret", nodes: [{ host: "h", port: 7000 }] });
  });

  it("refuses what it cannot honour, with the reason and without the password", () => {
    expect(() => parseRedisUrl("http://h:1")).toThrow(/expected redis:\/\/, rediss:\/\/, redis\+cluster:\/\//);
    expect(() => parseRedisUrl("memcached://u:topsecret@h:1")).toThrow(/\*\*\*/);
    expect(() => parseRedisUrl("memcached://u:topsecret@h:1")).not.toThrow(/topsecret/);
    expect(() => parseRedisUrl("redis+cluster://h:7000/3")).toThrow(/only database 0/);
    expect(() => parseRedisUrl("redis+cluster://h:7000,,h2:7001")).toThrow(/not a host:port seed node/);
    expect(() => parseRedisUrl("redis+cluster://h:99999")).toThrow(/not a host:port seed node/);
    expect(() => parseRedisUrl("redis+cluster://h:7000?tls=true")).toThrow(/no query parameters/);
  });

  it("redacts only the password", () => {
    expect(redact("redis+cluster://app:p@ss@h:7000,h:7001")).toBe("redis+cluster://app:***@h:7000,h:7001");
    expect(redact("redis://h:6379")).toBe("redis://h:6379");
  });
});
