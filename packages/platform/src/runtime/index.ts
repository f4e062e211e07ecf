import type { Transport, ConnectRouter } from "@connectrpc/connect";
import type { Config, LiveConfig, ServiceName } from "../config/index.js";
import type { Logger } from "../logger/index.js";
import type { Metrics } from "../metrics/index.js";
import type { Ids } from "../ids/index.js";
import type { Clock } from "../clock/index.js";
import type { EventBus } from "../events/index.js";
import type { EventStream } from "../outbox/index.js";
import type { LeaderTask, LeaderWork } from "../discovery/index.js";

/** What `apps/bookstore` builds once per process and hands to every service builder. */
export interface Runtime {
  config: Readonly<Config>;
  /**
   * The hot-reloadable view of `config` (README "Configuration and hot reload"): read `settings.current` at use time
   * for reloadable keys. Absent where nothing can reload (runtimes built by hand in tests): use `config`.
   */
  settings?: LiveConfig;
  logger: Logger;
  metrics: Metrics;
  ids: Ids;
  clock: Clock;
  /** Best-effort notifications between processes: in-process in embedded, Redis pub/sub with REDIS_URL. */
  events: EventBus;
  /**
   * Durable domain events (at least once, consumer groups): the outbox relays go here. Redis Streams with redisUrl
   * (crosses processes); in-process otherwise, which reaches only consumers in this process.
   */
  stream: EventStream;
  transportFor(service: ServiceName): Transport;
  /**
   * Singleton work (heartbeat writers, schedules that must run once): `work` runs while this process leads election
   * `name` (etcd with discovery.etcdUrl), its signal aborts when leadership is lost. Absent (runtimes built by hand
   * in tests) or without etcd: every process is its own leader.
   */
  runAsLeader?: (name: string, work: LeaderWork) => LeaderTask;
}

export interface SeedOptions {
  /** Load demo data (demo users, 200+ books); otherwise only what production needs (an admin). */
  demo: boolean;
  /** Production admin password (BOOKSTORE_ADMIN_PASSWORD); demo users use `bookstore-<username>`. */
  adminPassword?: string | undefined;
}

/** What a service builder returns: its RPC routes and the lifecycle of what it created. */
export interface ServiceHandle {
  name: ServiceName;
  routes(router: ConnectRouter): void;
  /** Loads seed data into an empty store; a store that has data is left as it is. */
  seed(opts: SeedOptions): Promise<void>;
  /** Dependency name → healthy, for /readyz. */
  ready(): Promise<Record<string, boolean>>;
  /** Starts background work (pollers, timers); called after every service in the process is built. */
  start(): Promise<void>;
  /** Stops background work, then closes resources in reverse order of creation. Idempotent. */
  close(): Promise<void>;
}

export interface Closeable {
  close(): Promise<void> | void;
}

/** Closes in reverse creation order; one failure does not leave the rest open. */
export function closeInReverse(resources: readonly Closeable[]): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= (async () => {
      const failures: unknown[] = [];
      for (const r of [...resources].reverse()) {
        try {
          await r.close();
        } catch (e) {
          failures.push(e);
        }
      }
      if (failures.length > 0) throw new AggregateError(failures, "some resources failed to close");
    })();
    return done;
  };
}
