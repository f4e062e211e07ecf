import { Redis } from "ioredis";
import { context, ROOT_CONTEXT, SpanStatusCode, startClientSpan } from "../tracing/index.js";

export type { Redis };

export interface RedisResource {
  name: string;
  client: Redis;
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenRedisOptions {
  /** Owning service (gateway, order…): labels this client's command spans like the SQL spans. */
  service?: string;
}

/** Connects (and waits for the connection) so a wrong REDIS_URL fails at boot, not on the first request. */
export async function openRedis(url: string, name = "redis", opts: OpenRedisOptions = {}): Promise<RedisResource> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3, enableOfflineQueue: true });
  traceCommands(client, opts.service);
  // The socket's events (handshake, reconnects, resending queued commands) run in the context it was opened in:
  // opened at the root, the connection's own traffic never lands in the trace of whoever opened the client.
  await context.with(ROOT_CONTEXT, () => client.connect());
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
      await client.quit().catch(() => client.disconnect());
    },
  };
}

/**
 * A CLIENT span per command issued inside a trace, on this client only (every cache, cart and rate-limit call goes
 * through an openRedis client). Only the command name is recorded: keys and arguments can carry tokens and session ids.
 */
function traceCommands(client: Redis, service: string | undefined): void {
  const send = client.sendCommand.bind(client);
  client.sendCommand = (command, stream) => {
    const operation = command.name.toUpperCase();
    const span = startClientSpan(`redis ${operation}`, {
      "db.system.name": "redis",
      "db.operation.name": operation,
      "db.namespace": String(client.options.db ?? 0),
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
    return send(command, stream);
  };
}
