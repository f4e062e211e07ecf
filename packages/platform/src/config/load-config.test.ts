import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig } from "./load-config.js";

describe("loadConfig", () => {
  it("layers defaults, file and env with env winning", () => {
    const dir = mkdtempSync(join(tmpdir(), "cfg-"));
    const file = join(dir, "c.yaml");
    writeFileSync(file, "port: 9000\nauth:\n  accessTtlSeconds: 120\n");
    const cfg = loadConfig({ env: { PORT: "9100", BOOKSTORE_AUTH__REFRESH_TTL_SECONDS: "3600" }, file });
    expect(cfg.port).toBe(9100);
    expect(cfg.auth.accessTtlSeconds).toBe(120);
    expect(cfg.auth.refreshTtlSeconds).toBe(3600);
    expect(cfg.auth.loginMaxFailures).toBe(10);
    expect(Object.isFrozen(cfg.auth)).toBe(true);
  });

  it("reports every bad key with its source", () => {
    let error: unknown;
    try {
      loadConfig({ env: { BOOKSTORE_AUTH__ACCESS_TTL_SECONDS: "soon", BOOKSTORE_NO_SUCH_KEY: "1" } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toContain("auth.accessTtlSeconds");
    expect(problems).toContain("BOOKSTORE_AUTH__ACCESS_TTL_SECONDS");
    expect(problems).toContain("BOOKSTORE_NO_SUCH_KEY");
  });

  it("refuses production without real secrets and generates dev secrets when embedded", () => {
    expect(() => loadConfig({ env: { BOOKSTORE_PROFILE: "production" } })).toThrow(/jwtSecret/);
    const a = loadConfig({ env: {} });
    const b = loadConfig({ env: {} });
    expect(a.auth.jwtSecret).toHaveLength(64);
    expect(a.auth.jwtSecret).not.toBe(b.auth.jwtSecret);
  });

  it("switches to MySQL from DATABASE_URL", () => {
    const cfg = loadConfig({ env: { DATABASE_URL: "mysql://root@127.0.0.1:3306" } });
    expect(cfg.database).toMatchObject({ dialect: "mysql", url: "mysql://root@127.0.0.1:3306" });
  });
});
