import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeDevCertificate } from "./dev-cert.js";
import { nginxArgs, renderNginxConfig, writeNginxConfig, type NginxEdgeOptions } from "./nginx-config.js";
import { findBinary } from "./processes.js";

const dir = mkdtempSync(join(tmpdir(), "bookstore-nginx-render-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base: NginxEdgeOptions = {
  dir,
  upstreams: ["127.0.0.1:8081", "gw-2.internal:8080"],
  httpListen: "127.0.0.1:8880",
  httpsListen: "8443",
  certFile: join(dir, "tls/dev-cert.pem"),
  keyFile: join(dir, "tls/dev-key.pem"),
};

describe("renderNginxConfig", () => {
  it("fills every placeholder: upstream servers, listens, the redirect's port, paths inside the prefix", () => {
    const conf = renderNginxConfig(base)["nginx.conf"] ?? "";
    expect(conf).not.toMatch(/\{\{/);
    expect(conf).toContain("server 127.0.0.1:8081 max_fails=3 fail_timeout=10s;");
    expect(conf).toContain("server gw-2.internal:8080 max_fails=3 fail_timeout=10s;");
    expect(conf).toContain("listen 8443 ssl http2;");
    expect(conf).toContain("return 301 https://$host:8443$request_uri;");
    expect(conf).toContain(`client_body_temp_path ${dir}/temp/client_body;`);
    expect(conf).toContain(`access_log ${dir}/logs/access.log bookstore;`);
    expect(conf).not.toContain("Strict-Transport-Security \"");
  });

  it("drops the port from the redirect on 443 and adds HSTS only when asked", () => {
    const conf = renderNginxConfig({ ...base, httpsListen: "443", hsts: true, workerUser: "www-data" })["nginx.conf"] ?? "";
    expect(conf).toContain("return 301 https://$host$request_uri;");
    expect(conf).toContain('add_header Strict-Transport-Security "max-age=31536000" always;');
    expect(conf).toMatch(/^user www-data;$/m);
  });

  it("refuses input that would reshape the config instead of producing it", () => {
    expect(() => renderNginxConfig({ ...base, upstreams: [] })).toThrow(/at least one/);
    expect(() => renderNginxConfig({ ...base, upstreams: ["127.0.0.1:80; evil"] })).toThrow(/not host:port/);
    expect(() => renderNginxConfig({ ...base, httpListen: "80 default_server" })).toThrow(/not \[host:\]port/);
    expect(() => renderNginxConfig({ ...base, certFile: "/tmp/a;b.pem" })).toThrow(/certFile/);
    expect(() => renderNginxConfig({ ...base, workerUser: "root; daemon on" })).toThrow(/not a user name/);
  });
});

describe.runIf(findBinary("nginx") !== undefined && findBinary("openssl") !== undefined)("rendered config", () => {
  it("passes nginx -t with a fresh dev certificate, HSTS on and off", () => {
    const cert = makeDevCertificate(join(dir, "tls"), { fresh: true, days: 1 });
    for (const hsts of [false, true]) {
      // nginx resolves upstream names at start, so only names this machine knows.
      writeNginxConfig({ ...base, ...cert, hsts, upstreams: ["127.0.0.1:8081", "localhost:8082"] });
      const args = nginxArgs(dir).map((a) => (a.startsWith("daemon off;") ? a.replace("daemon off; ", "") : a));
      const run = spawnSync(findBinary("nginx") ?? "nginx", ["-t", ...args], { encoding: "utf8" });
      expect(run.status, run.stderr).toBe(0);
    }
  });
});
