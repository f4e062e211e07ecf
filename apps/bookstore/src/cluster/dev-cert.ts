import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { NGINX_DEPLOY_DIR } from "./nginx-config.js";

export interface DevCertificate {
  certFile: string;
  keyFile: string;
}

/**
 * A self-signed certificate for localhost and 127.0.0.1 in `dir`, made by deploy/nginx/make-dev-cert.sh (openssl).
 * An existing one is kept unless `fresh`, so browsers that were told to trust it keep trusting it.
 */
export function makeDevCertificate(dir: string, opts: { fresh?: boolean; days?: number } = {}): DevCertificate {
  const cert = { certFile: join(dir, "dev-cert.pem"), keyFile: join(dir, "dev-key.pem") };
  if (!opts.fresh && existsSync(cert.certFile) && existsSync(cert.keyFile)) return cert;
  const run = spawnSync("sh", [join(NGINX_DEPLOY_DIR, "make-dev-cert.sh"), dir, String(opts.days ?? 30)], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`make-dev-cert.sh failed (${run.status ?? run.signal}): ${run.stderr || run.error?.message || ""}`);
  return cert;
}
