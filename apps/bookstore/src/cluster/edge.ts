import { existsSync, readFileSync } from "node:fs";
import { request } from "node:https";
import { userInfo } from "node:os";
import type { ClusterDir } from "./cluster-state.js";
import { makeDevCertificate } from "./dev-cert.js";
import { baseEnv } from "./infrastructure.js";
import type { Member } from "./member.js";
import { nginxArgs, writeNginxConfig } from "./nginx-config.js";
import { requireBinary, spawnDetached } from "./processes.js";

/** nginx in front of the gateways: TLS (dev certificate in <dir>/tls), HTTP/2, HTTP → HTTPS redirect. */
export function edgeMember(dir: ClusterDir, gateways: readonly number[], ports: { http: number; https: number }): Member {
  const prefix = dir.path("nginx");
  const certFile = dir.path("tls", "dev-cert.pem");
  /** Writes the config; true when nginx.conf changed. */
  const configure = (): boolean => {
    const conf = dir.path("nginx", "nginx.conf");
    const before = existsSync(conf) ? readFileSync(conf, "utf8") : "";
    const cert = makeDevCertificate(dir.ensure("tls"));
    writeNginxConfig({
      dir: dir.ensure("nginx"),
      upstreams: gateways.map((p) => `127.0.0.1:${p}`),
      httpListen: `127.0.0.1:${ports.http}`,
      httpsListen: `127.0.0.1:${ports.https}`,
      ...cert,
      workerProcesses: 1,
      errorLog: dir.log("nginx-error"),
      accessLog: dir.log("nginx-access"),
      // Started as root, nginx would run its workers as "nobody", who cannot write the cluster's temp dir.
      ...(process.getuid?.() === 0 ? { workerUser: userInfo().username } : {}),
    });
    return readFileSync(conf, "utf8") !== before;
  };
  return {
    component: "nginx",
    instance: "1",
    address: `https://localhost:${ports.https}`,
    marker: `-p ${prefix}`,
    async start() {
      configure();
      return spawnDetached(requireBinary("nginx", "nginx"), nginxArgs(prefix), { logFile: dir.log("nginx-1"), env: baseEnv() });
    },
    async refresh(pid) {
      // `up` with another --instances changes the gateways: a running nginx reloads its config without dropping requests.
      if (!configure()) return undefined;
      process.kill(pid, "SIGHUP");
      return "config changed, reloaded";
    },
    async notReady() {
      const status = await httpsStatus(ports.https, "/healthz", readFileSync(certFile));
      return status === 200 ? undefined : `GET /healthz through nginx answered ${status}`;
    },
  };
}

function httpsStatus(port: number, path: string, ca: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", servername: "localhost", port, path, ca, timeout: 3_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once("timeout", () => req.destroy(new Error("timeout")));
    req.once("error", reject);
    req.end();
  });
}
