import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servicesRequired } from "@bookstore/platform/testing";
import { startBookstore, type TestBookstore } from "../support/bookstore.js";

const root = join(import.meta.dirname, "../..");
const hasPromtool = spawnSync("promtool", ["--version"]).status === 0;
const promtool = (args: string[], input?: string) => spawnSync("promtool", args, { cwd: root, encoding: "utf8", ...(input !== undefined ? { input } : {}) });

// CI installs prometheus (for promtool); with REQUIRE_SERVICES=1 a missing promtool fails here instead of skipping.
describe.runIf(hasPromtool || servicesRequired)("Prometheus rules, dashboard and the /metrics format", () => {
  let bs: TestBookstore;
  beforeAll(async () => {
    bs = await startBookstore();
  });
  afterAll(() => bs?.close());

  it("accepts the recording and alert rules, and their unit tests pass", () => {
    const check = promtool(["check", "rules", "deploy/prometheus/rules.yml"]);
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const test = promtool(["test", "rules", "deploy/prometheus/rules.test.yml"]);
    expect(test.status, test.stdout + test.stderr).toBe(0);
  });

  it("scrapes /metrics that promtool parses, with lint findings only in prom-client's own default metrics", async () => {
    await bs.request("GET", "/api/v1/books?size=1"); // so the request histograms have series
    const text = (await bs.request("GET", "/metrics")).text;
    for (const name of ["http_request_duration_seconds_bucket", "rpc_server_duration_seconds_bucket", "db_queries_total", "breaker_state"])
      expect(text, name).toContain(name);
    const result = promtool(["check", "metrics"], text);
    expect(result.status === 0 || result.status === 3, result.stderr).toBe(true); // 3 = lint findings, 1 = unparsable
    const findings = (result.stdout + result.stderr).split("\n").filter((l) => l.trim() !== "");
    expect(findings.filter((l) => !l.startsWith("nodejs_"))).toEqual([]);
  });

  it("ships a Grafana dashboard whose queries use the recorded series", () => {
    const dash = JSON.parse(readFileSync(join(root, "deploy/grafana/bookstore-dashboard.json"), "utf8")) as { panels: { targets: { expr: string }[] }[] };
    const exprs = dash.panels.flatMap((p) => p.targets.map((t) => t.expr));
    expect(exprs.length).toBeGreaterThanOrEqual(10);
    const recorded = [...readFileSync(join(root, "deploy/prometheus/rules.yml"), "utf8").matchAll(/record: (\S+)/g)].map((m) => m[1]);
    for (const r of recorded.filter((r) => !r?.startsWith("rpc:rpc_server_errors"))) expect(exprs.some((e) => e.includes(r ?? "?")), r).toBe(true);
  });
});
