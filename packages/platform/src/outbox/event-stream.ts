import { randomUUID } from "node:crypto";
import { closeRedisClient, createRedisClient, type RedisClient } from "../kv/index.js";
import type { Logger } from "../logger/index.js";

/** A domain event as it travels: `id` is the outbox row id (a Snowflake), the consumers' de-duplication key. */
export interface StreamEvent {
  id: string;
  topic: string;
  /** The aggregate it is about (book id, order id): consumers may rely on per-key order. */
  key: string;
  payload: string;
}

export type EventHandler = (event: StreamEvent) => Promise<void>;

/**
 * A durable, replayable event log with consumer groups: each group sees every event of a topic at least once,
 * members of one group share the work. Handlers must be idempotent (see ProcessedEvents).
 */
export interface EventStream {
  append(event: StreamEvent): Promise<void>;
  /** Starts consuming `topic` as a member of `group`; returns a stop function. */
  consume(topic: string, group: string, handler: EventHandler): () => Promise<void>;
  close(): Promise<void>;
}

const RETRY_MS = 200;
const STALL_MARGIN_MS = 10_000;

class StalledRead extends Error {
  constructor(ms: number) {
    super(`no answer from Redis within ${ms} ms`);
  }
}
const STOPPED = Symbol("stopped");
/** A stream entry as XREADGROUP / XAUTOCLAIM return it: id and flat field-value list. */
type Entry = [id: string, fields: string[]];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Embedded profile: `append` resolves only after every group's handler accepted the event (retrying failures), so
 * the outbox marks a row published only once it is consumed; a crash before that replays it from the outbox.
 */
export class InProcessEventStream implements EventStream {
  private readonly groups = new Map<string, Map<string, EventHandler>>();
  private closed = false;

  constructor(private readonly logger: Logger) {}

  async append(event: StreamEvent): Promise<void> {
    for (const handler of this.groups.get(event.topic)?.values() ?? []) {
      for (let attempt = 1; !this.closed; attempt++) {
        try {
          await handler(event);
          break;
        } catch (err) {
          this.logger.warn({ err, topic: event.topic, eventId: event.id, attempt }, "event handler failed; retrying");
          await sleep(Math.min(RETRY_MS * attempt, 5_000));
        }
      }
    }
  }

  consume(topic: string, group: string, handler: EventHandler): () => Promise<void> {
    const groups = this.groups.get(topic) ?? new Map<string, EventHandler>();
    this.groups.set(topic, groups);
    // One member per group in one process: a second consumer of the same group replaces nothing, it shares.
    if (!groups.has(group)) groups.set(group, handler);
    return () => {
      if (groups.get(group) === handler) groups.delete(group);
      return Promise.resolve();
    };
  }

  close(): Promise<void> {
    this.closed = true;
    this.groups.clear();
    return Promise.resolve();
  }
}

export interface RedisStreamOptions {
  /** Approximate cap per topic stream (XADD MAXLEN ~). */
  maxLen: number;
  /** A delivered event not acked for this long is claimed by another member (its consumer died). */
  claimIdleMs: number;
  blockMs: number;
}

const DEFAULT_REDIS_STREAM: RedisStreamOptions = { maxLen: 100_000, claimIdleMs: 30_000, blockMs: 1_000 };

/** Production: Redis Streams, one stream per topic, XREADGROUP + XACK, XAUTOCLAIM for a dead member's events. */
export class RedisEventStream implements EventStream {
  private readonly writer: RedisClient;
  private readonly readers: RedisClient[] = [];
  private readonly opts: RedisStreamOptions;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
    opts: Partial<RedisStreamOptions> = {},
    private readonly consumerName = `c-${process.pid}-${randomUUID().slice(0, 8)}`,
  ) {
    this.writer = createRedisClient(url, { maxRetriesPerRequest: 3 });
    this.opts = { ...DEFAULT_REDIS_STREAM, ...opts };
  }

  /** Hash-tagged, so a topic's stream keys stay in one slot on Redis Cluster. */
  static keyOf(topic: string): string {
    return `{stream:${topic}}`;
  }

  async append(event: StreamEvent): Promise<void> {
    await this.writer.xadd(RedisEventStream.keyOf(event.topic), "MAXLEN", "~", this.opts.maxLen, "*", "id", event.id, "key", event.key, "payload", event.payload);
  }

  consume(topic: string, group: string, handler: EventHandler): () => Promise<void> {
    // Its own connection: XREADGROUP BLOCK holds it. On a Cluster the commands go to the node serving the
    // stream's slot (every key of a topic shares it), and follow it to the replica promoted after a failover.
    let reader = createRedisClient(this.url, { maxRetriesPerRequest: null });
    this.readers.push(reader);
    // A command that outlives its BLOCK by this much is stuck (seen after a Cluster failover under load: the blocked
    // XREADGROUP was never answered nor failed); the connection is then replaced, and the loop reads on.
    const stallMs = this.opts.blockMs + STALL_MARGIN_MS;
    const replaceReader = () => {
      const fresh = createRedisClient(this.url, { maxRetriesPerRequest: null });
      this.readers[this.readers.indexOf(reader)] = fresh;
      reader.disconnect();
      reader = fresh;
    };
    const stream = RedisEventStream.keyOf(topic);
    let stopped = false;
    let wake: () => void = () => undefined;
    const stopping = new Promise<typeof STOPPED>((resolve) => (wake = () => resolve(STOPPED)));
    // Stopping must not wait on a Redis reply: a Cluster client disconnected while it was re-routing a command
    // (after a failover) can keep that command queued forever. The reply, if it ever comes, is dropped (the
    // entries stay pending in the group and are claimed again); a handler that is running is still awaited.
    const untilStopped = <T>(command: Promise<T>): Promise<T | typeof STOPPED> => {
      command.catch(() => undefined);
      return Promise.race([command, stopping]);
    };
    /** The reads of the loop, which also give up on a stuck connection (acks are retried by redelivery anyway). */
    const read = <T>(command: Promise<T>): Promise<T | typeof STOPPED> => {
      let timer: NodeJS.Timeout | undefined;
      const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new StalledRead(stallMs)), stallMs);
      });
      return Promise.race([untilStopped(command), stalled]).finally(() => clearTimeout(timer));
    };
    const loop = (async () => {
      try {
        await untilStopped(reader.xgroup("CREATE", stream, group, "0", "MKSTREAM"));
      } catch (err) {
        if (!String(err).includes("BUSYGROUP")) throw err;
      }
      while (!stopped && !this.closed) {
        try {
          const claimed = await read(
            reader.xautoclaim(stream, group, this.consumerName, this.opts.claimIdleMs, "0-0", "COUNT", 50) as Promise<[string, Entry[]]>,
          );
          if (claimed === STOPPED) break;
          const fresh = await read(
            reader.xreadgroup("GROUP", group, this.consumerName, "COUNT", 50, "BLOCK", this.opts.blockMs, "STREAMS", stream, ">") as Promise<[string, Entry[]][] | null>,
          );
          if (fresh === STOPPED) break;
          const entries = [...claimed[1], ...(fresh?.[0]?.[1] ?? [])];
          for (const [entryId, fields] of entries) {
            if (stopped) break;
            const f = Object.fromEntries(Array.from({ length: fields.length / 2 }, (_, i) => [fields[2 * i], fields[2 * i + 1]]));
            const event: StreamEvent = { id: f["id"] ?? entryId, topic, key: f["key"] ?? "", payload: f["payload"] ?? "" };
            try {
              await handler(event);
              await untilStopped(reader.xack(stream, group, entryId));
            } catch (err) {
              // Left pending: retried by XAUTOCLAIM after claimIdleMs (here or on another member).
              this.logger.warn({ err, topic, eventId: event.id }, "event handler failed; will be redelivered");
            }
          }
        } catch (err) {
          if (stopped || this.closed) break;
          this.logger.warn({ err, topic, group }, "stream read failed; retrying");
          if (err instanceof StalledRead) replaceReader();
          await sleep(RETRY_MS);
        }
      }
    })();
    return async () => {
      stopped = true;
      wake();
      reader.disconnect();
      await loop.catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const r of this.readers) r.disconnect();
    await closeRedisClient(this.writer);
  }
}
