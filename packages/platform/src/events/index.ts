import { EventEmitter } from "node:events";
import { closeRedisClient, createRedisClient, type RedisClient } from "../kv/index.js";

/**
 * Fire-and-forget notifications between processes (cache invalidation, "book listed", live order updates).
 * Delivery is best effort: a subscriber that is down misses messages, so nothing durable may depend on it
 * (durable work goes through the job queue or the outbox).
 */
export interface EventBus {
  publish(channel: string, payload: string): Promise<void>;
  /** Returns the unsubscribe function. Handlers run after publish returns, never inside it. */
  subscribe(channel: string, handler: (payload: string) => void): () => void;
  /** Resolves once every subscription made so far is live (Redis confirms SUBSCRIBE asynchronously). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** One process: every service and the gateway share this instance in all-in-one mode. */
export class InProcessEventBus implements EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(channel: string, payload: string): Promise<void> {
    // Deliver on the next tick so a publisher never runs subscriber code inside its own transaction or request.
    setImmediate(() => this.emitter.emit(channel, payload));
    return Promise.resolve();
  }

  subscribe(channel: string, handler: (payload: string) => void): () => void {
    this.emitter.on(channel, handler);
    return () => this.emitter.off(channel, handler);
  }

  settled(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.emitter.removeAllListeners();
    return Promise.resolve();
  }
}

/**
 * Redis pub/sub: a publisher connection and a lazily opened subscriber connection (subscribed clients can't publish).
 * On a Cluster, classic PUBLISH is broadcast to every node, so the subscriber (ioredis keeps it on one node and
 * moves it, re-subscribing, when that node fails) hears every channel; sharded pub/sub is not needed at this volume.
 */
export class RedisEventBus implements EventBus {
  private readonly local = new EventEmitter().setMaxListeners(0);
  private subscriber: RedisClient | undefined;
  private pending: Promise<unknown> = Promise.resolve();
  private readonly publisher: RedisClient;

  constructor(
    private readonly url: string,
    private readonly prefix = "events:",
  ) {
    this.publisher = createRedisClient(url, { maxRetriesPerRequest: 3 });
  }

  async publish(channel: string, payload: string): Promise<void> {
    await this.publisher.publish(this.prefix + channel, payload);
  }

  subscribe(channel: string, handler: (payload: string) => void): () => void {
    const sub = this.openSubscriber();
    if (this.local.listenerCount(channel) === 0) {
      const subscribed = sub.subscribe(this.prefix + channel);
      // settled() reports a failure; nobody may be waiting for it, so it must not become an unhandled rejection.
      this.pending = Promise.all([this.pending, subscribed]);
      this.pending.catch(() => undefined);
    }
    this.local.on(channel, handler);
    return () => {
      this.local.off(channel, handler);
      // A failed UNSUBSCRIBE means the connection is gone, and the subscription with it.
      if (this.local.listenerCount(channel) === 0) sub.unsubscribe(this.prefix + channel).catch(() => undefined);
    };
  }

  async settled(): Promise<void> {
    await this.pending;
  }

  async close(): Promise<void> {
    this.local.removeAllListeners();
    await Promise.all([this.subscriber, this.publisher].map((c) => c && closeRedisClient(c)));
  }

  private openSubscriber(): RedisClient {
    if (this.subscriber) return this.subscriber;
    // No ready check: its INFO is refused once a SUBSCRIBE queued before the connection came up has put the
    // connection in subscriber mode (an unhandled "Connection in subscriber mode" error otherwise).
    const sub = createRedisClient(this.url, { maxRetriesPerRequest: null, enableReadyCheck: false });
    sub.on("message", (fullChannel: string, payload: string) => {
      if (fullChannel.startsWith(this.prefix)) this.local.emit(fullChannel.slice(this.prefix.length), payload);
    });
    this.subscriber = sub;
    return sub;
  }
}
