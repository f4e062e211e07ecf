import type { Command } from "ioredis";
import { context, ROOT_CONTEXT, SpanStatusCode, startClientSpan } from "../tracing/index.js";
import { closeRedisClient, createRedisClient, isCluster, type RedisClient } from "./redis-client.js";
import { redact } from "./redis-url.js";

export { closeRedisClient, CLUSTER_FAILOVER, createRedisClient, isCluster, type RedisClient, type RedisClientOptions } from "./redis-client.js";
export { parseRedisUrl, redact, type RedisTarget } from "./redis-url.js";
/** The standalone and Cluster classes; adapters take a RedisClient (either). */
export type { Cluster, Redis } from "ioredis";

export interface RedisResource {
  name: string;
  client: RedisClient;
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenRedisOptions {
  /** Owning service (gateway, order…): labels this client's command spans like the SQL spans. */
  service?: string;
}

/** Connects (and waits for the connection) so a wrong REDIS_URL fails at boot, not on the first request. */
export async function openRedis(url: string, name = "redis", opts: OpenRedisOptions = {}): Promise<RedisResource> {
  const client = createRedisClient(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  traceCommands(client, opts.service);
  // The socket's events (handshake, reconnects, resending queued commands) run in the context it was opened in:
  // opened at the root, the connection's own traffic never lands in the trace of whoever opened the client. A
  // Cluster also reconnects by calling connect() itself (disconnect(true), a lost node), so that always goes there.
  const connect = client.connect.bind(client);
  client.connect = () => context.with(ROOT_CONTEXT, connect);
  try {
    await client.connect();
  } catch (e) {
    client.disconnect(); // otherwise it keeps reconnecting in the background of a process that is exiting
    throw new Error(`${name}: cannot reach Redis at ${redact(url)}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  let closed = false;
  return {
    name,
    client,
    async ready() {
      try {
        return (await client.ping()) === "PONG";
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await closeRedisClient(client);
    },
  };
}

/**
 * A CLIENT span per command issued inside a trace, on this client only (every cache, cart and rate-limit call goes
 * through an openRedis client). Only the command name is recorded: keys and arguments can carry tokens and session ids.
 */
function traceCommands(client: RedisClient, service: string | undefined): void {
  // A Cluster has only database 0. Its retries after MOVED or a failover go to the node connections directly,
  // so a command gets one span however many attempts it took.
  const namespace = isCluster(client) ? "0" : String(client.options.db ?? 0);
  // A Cluster sends a command queued while it was not ready through sendCommand again: one span, not two.
  const seen = new WeakSet<Command>();
  const traced = <Rest extends unknown[]>(send: (command: Command, ...rest: Rest) => unknown) => (command: Command, ...rest: Rest) => {
    if (seen.has(command)) return send(command, ...rest);
    seen.add(command);
    const operation = command.name.toUpperCase();
    const span = startClientSpan(`redis ${operation}`, {
      "db.system.name": "redis",
      "db.operation.name": operation,
      "db.namespace": namespace,
      ...(service === undefined ? {} : { "bookstore.service": service }),
    });
    if (span)
      command.promise.then(
        () => span.end(),
        (e: unknown) => {
          // The error's class only: a Redis error message may quote the script or arguments that failed.
          span.setAttribute("error.type", e instanceof Error ? e.name : "unknown");
          span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        },
      );
    return send(command, ...rest);
  };
  if (isCluster(client)) client.sendCommand = traced(client.sendCommand.bind(client));
  else client.sendCommand = traced(client.sendCommand.bind(client));
}
