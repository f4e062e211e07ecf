import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";

/** deploy/nginx in the checkout: the template, the shared proxy headers and the dev-certificate script. */
export const NGINX_DEPLOY_DIR = resolve(import.meta.dirname, "../../../../deploy/nginx");

export interface NginxEdgeOptions {
  /** nginx's prefix (-p): nginx.conf and the files it includes are written here, logs and temp files go below it. */
  dir: string;
  /** Gateways as host:port; at least one (two or more for the balancing to mean anything). */
  upstreams: readonly string[];
  /** `listen` of the redirecting plain-HTTP server: "80", "127.0.0.1:8080". */
  httpListen: string;
  /** `listen` of the TLS server: "443", "127.0.0.1:8443". */
  httpsListen: string;
  certFile: string;
  keyFile: string;
  workerProcesses?: number | "auto";
  /**
   * `user` of the worker processes; only meaningful when nginx starts as root (it then defaults to "nobody", who
   * cannot write into a private temp dir). Unprivileged, workers are always the starting user.
   */
  workerUser?: string;
  /** Strict-Transport-Security on answers: right in production, a trap on localhost (browsers remember it). */
  hsts?: boolean;
  accessLog?: string;
  errorLog?: string;
}

// Characters that would end or reshape an nginx directive if they came in through a path or an address.
const UNSAFE = /[\s;{}'"$\\#]/;
const UPSTREAM = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):[0-9]{1,5}$/;
const LISTEN = /^(?:(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):)?[0-9]{1,5}$/;

/** The rendered files of one edge: name → content. Throws on any input that would not make a valid config. */
export function renderNginxConfig(opts: NginxEdgeOptions): Record<string, string> {
  if (opts.upstreams.length === 0) throw new Error("nginx: at least one gateway upstream is needed");
  for (const u of opts.upstreams) if (!UPSTREAM.test(u)) throw new Error(`nginx: upstream ${JSON.stringify(u)} is not host:port`);
  for (const l of [opts.httpListen, opts.httpsListen])
    if (!LISTEN.test(l)) throw new Error(`nginx: listen ${JSON.stringify(l)} is not [host:]port`);
  const dir = absolute(opts.dir, "dir");
  const vars: Record<string, string> = {
    workerProcesses: String(opts.workerProcesses ?? "auto"),
    userDirective: opts.workerUser === undefined ? "# user: the starting user (unprivileged)" : `user ${safeWord(opts.workerUser)};`,
    errorLog: absolute(opts.errorLog ?? join(dir, "logs/error.log"), "errorLog"),
    accessLog: absolute(opts.accessLog ?? join(dir, "logs/access.log"), "accessLog"),
    tempDir: join(dir, "temp"),
    upstreamServers: opts.upstreams.map((u) => `        server ${u} max_fails=3 fail_timeout=10s;`).join("\n"),
    httpListen: opts.httpListen,
    httpsListen: opts.httpsListen,
    httpsPortSuffix: portSuffix(opts.httpsListen),
    certFile: absolute(opts.certFile, "certFile"),
    keyFile: absolute(opts.keyFile, "keyFile"),
    hstsHeader: opts.hsts
      ? `        add_header Strict-Transport-Security "max-age=31536000" always;`
      : "        # Strict-Transport-Security is off (development certificate).",
  };
  const template = readFileSync(join(NGINX_DEPLOY_DIR, "nginx.conf.template"), "utf8");
  const conf = template.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`nginx template: no value for {{${name}}}`);
    return value;
  });
  const included = ["proxy-headers.conf", "proxy-api.conf"].map((name) => [name, readFileSync(join(NGINX_DEPLOY_DIR, name), "utf8")]);
  return { "nginx.conf": conf, ...Object.fromEntries(included) };
}

/** Writes the edge's files and the log/temp dirs it needs; answers the path of nginx.conf. */
export function writeNginxConfig(opts: NginxEdgeOptions): string {
  const dir = absolute(opts.dir, "dir");
  for (const sub of ["logs", "temp"]) mkdirSync(join(dir, sub), { recursive: true });
  for (const [name, content] of Object.entries(renderNginxConfig(opts))) writeFileSync(join(dir, name), content);
  return join(dir, "nginx.conf");
}

/** Arguments for running the rendered edge in the foreground, unprivileged: `nginx ...nginxArgs(dir)`. */
export function nginxArgs(dir: string): string[] {
  const d = absolute(dir, "dir");
  return ["-p", d, "-c", join(d, "nginx.conf"), "-g", `daemon off; pid ${join(d, "nginx.pid")};`];
}

function safeWord(word: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(word)) throw new Error(`nginx: ${JSON.stringify(word)} is not a user name`);
  return word;
}

function absolute(path: string, what: string): string {
  const p = isAbsolute(path) ? path : resolve(path);
  if (UNSAFE.test(p)) throw new Error(`nginx: ${what} ${JSON.stringify(p)} has characters nginx would misread`);
  return p;
}

/** ":8443" for a non-default HTTPS port, so the redirect keeps it; "" for 443. */
function portSuffix(listen: string): string {
  const port = listen.split(":").at(-1) ?? "443";
  return port === "443" ? "" : `:${port}`;
}
