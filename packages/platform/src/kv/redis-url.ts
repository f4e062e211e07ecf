/**
 * REDIS_URL, one syntax for both topologies:
 * - `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS): one standalone server, as ioredis reads it;
 * - `redis+cluster://[user:password@]host1:port1,host2:port2,…` (or `rediss+cluster://`): a Redis Cluster, given by
 *   seed nodes. Any reachable seed is enough (the client learns the rest from CLUSTER SLOTS); list several so a
 *   process can start while one of them is down. A cluster has only database 0, so no `/db` path.
 */
export type RedisTarget =
  | { kind: "standalone"; url: string }
  | {
      kind: "cluster";
      nodes: { host: string; port: number }[];
      username?: string;
      password?: string;
      tls: boolean;
    };

const DEFAULT_PORT = 6379;

export function parseRedisUrl(url: string): RedisTarget {
  const scheme = /^([a-z+]+):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme === "redis" || scheme === "rediss") return { kind: "standalone", url };
  if (scheme !== "redis+cluster" && scheme !== "rediss+cluster")
    throw new Error(`redisUrl: expected redis://, rediss://, redis+cluster:// or rediss+cluster://, got "${redact(url)}"`);
  let rest = url.slice(scheme.length + 3);
  const query = rest.indexOf("?");
  if (query >= 0) throw new Error(`redisUrl: ${scheme}:// takes no query parameters`);
  // The last "@" ends the credentials: a password may itself contain "@".
  const at = rest.lastIndexOf("@");
  let credentials: { username?: string; password?: string } = {};
  if (at >= 0) {
    credentials = parseCredentials(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  const path = rest.indexOf("/");
  if (path >= 0) {
    if (!["", "/", "/0"].includes(rest.slice(path))) throw new Error(`redisUrl: a cluster has only database 0 (got "${rest.slice(path)}")`);
    rest = rest.slice(0, path);
  }
  const nodes = rest.split(",").map((hostPort) => parseNode(hostPort.trim()));
  if (nodes.length === 0) throw new Error("redisUrl: a cluster URL needs at least one seed node");
  return { kind: "cluster", nodes, ...credentials, tls: scheme === "rediss+cluster" };
}

function parseCredentials(userinfo: string): { username?: string; password?: string } {
  const colon = userinfo.indexOf(":");
  const username = decodeURIComponent(colon >= 0 ? userinfo.slice(0, colon) : userinfo);
  const password = colon >= 0 ? decodeURIComponent(userinfo.slice(colon + 1)) : undefined;
  // `redis+cluster://:secret@…` is the common form: a password for the default user.
  return { ...(username === "" ? {} : { username }), ...(password === undefined ? {} : { password }) };
}

function parseNode(hostPort: string): { host: string; port: number } {
  // [::1]:7000 for IPv6; host:port otherwise; the port defaults to 6379.
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d+))?$/.exec(hostPort);
  const host = m?.[1] ?? m?.[2];
  const port = m?.[3] === undefined ? DEFAULT_PORT : Number(m[3]);
  if (!host || !Number.isInteger(port) || port < 1 || port > 65_535)
    throw new Error(`redisUrl: "${hostPort}" is not a host:port seed node`);
  return { host, port };
}

/** The URL without its password, for error messages and logs. */
export function redact(url: string): string {
  return url.replace(/^([^:/]+:\/\/[^:@/]*:).*@/, "$1***@");
}
