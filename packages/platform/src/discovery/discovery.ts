import { connect, type Socket } from "node:net";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { createGrpcTransport } from "@connectrpc/connect-node";
import type { Transport } from "@connectrpc/connect";
import type { Etcd3 } from "etcd3";
import { SERVICE_NAMES, type Config, type ServiceName } from "../config/index.js";
import type { Logger } from "../logger/index.js";
import type { Metrics } from "../metrics/index.js";
import { clientTracingInterceptor, grpcTransport } from "../rpc/index.js";
import { BalancedTransport } from "./balanced-transport.js";
import { discoveryMetrics, type DiscoveryMetrics } from "./discovery-metrics.js";
import { openEtcd } from "./etcd-client.js";
import { InstanceWatcher } from "./instance-watcher.js";
import { runAsEtcdLeader, runLocally, type LeaderTask, type LeaderWork } from "./leader-election.js";
import { ServiceRegistration } from "./service-registration.js";

export interface Registration {
  close(): Promise<void>;
}

/** How this process finds its peers, announces itself and runs singleton work. */
export interface Discovery {
  /** Static (config `services`) or etcd-balanced transport to a service. One per service, shared. */
  transportFor(service: ServiceName): Transport;
  /** Live instances per service (etcd), or undefined without discovery (then probe the static URL instead). */
  liveInstances(service: ServiceName): number | undefined;
  /** Announces this process as an instance of `service` at `url` until the registration is closed. */
  register(service: ServiceName, url: string): Promise<Registration>;
  /** Runs `work` while this process leads election `name` (always, without etcd). */
  runAsLeader(name: string, work: LeaderWork): LeaderTask;
  /** Stops watchers and elections and closes the etcd client; registrations are closed by their owners first. */
  close(): Promise<void>;
}

export interface DiscoveryDeps {
  logger: Logger;
  metrics: Metrics;
  /** Announced with each registration. */
  version: string;
}

/** etcd-backed with discovery.etcdUrl, else static addresses and local leadership (today's behaviour). */
export function createDiscovery(config: Readonly<Config>, deps: DiscoveryDeps): Discovery {
  const m = discoveryMetrics(deps.metrics.registry);
  return config.discovery.etcdUrl ? new EtcdDiscovery(config, deps, m) : new StaticDiscovery(config, deps, m);
}

class StaticDiscovery implements Discovery {
  private readonly transports = new Map<ServiceName, Transport>();
  private readonly tasks = new Set<LeaderTask>();

  constructor(
    private readonly config: Readonly<Config>,
    private readonly deps: DiscoveryDeps,
    private readonly m: DiscoveryMetrics,
  ) {}

  transportFor(service: ServiceName): Transport {
    let t = this.transports.get(service);
    if (!t) {
      t = grpcTransport(this.config.services[service].url);
      this.transports.set(service, t);
    }
    return t;
  }

  liveInstances(): undefined {
    return undefined;
  }

  register(): Promise<Registration> {
    return Promise.resolve({ close: () => Promise.resolve() });
  }

  runAsLeader(name: string, work: LeaderWork): LeaderTask {
    const task = runLocally(name, work, { logger: this.deps.logger, gauge: this.m.leader });
    this.tasks.add(task);
    return task;
  }

  async close(): Promise<void> {
    await Promise.all([...this.tasks].map((t) => t.stop()));
  }
}

class EtcdDiscovery implements Discovery {
  private readonly client: Etcd3;
  private readonly watchers = new Map<ServiceName, InstanceWatcher>();
  private readonly transports = new Map<ServiceName, Transport>();
  /** One HTTP/2 transport (and so one session) per instance URL, shared by every service client. */
  private readonly instanceTransports = new Map<string, Transport>();
  /** The latest socket opened to each instance URL (h2c only). */
  private readonly sockets = new Map<string, Socket>();
  private readonly tasks = new Set<LeaderTask>();
  private readonly instanceId = `${hostname()}-${process.pid}-${randomBytes(4).toString("hex")}`;
  private readonly prefix: string;

  constructor(
    private readonly config: Readonly<Config>,
    private readonly deps: DiscoveryDeps,
    private readonly m: DiscoveryMetrics,
  ) {
    this.client = openEtcd(config.discovery.etcdUrl);
    this.prefix = config.discovery.prefix.endsWith("/") ? config.discovery.prefix : `${config.discovery.prefix}/`;
  }

  private watcher(service: ServiceName): InstanceWatcher {
    let w = this.watchers.get(service);
    if (!w) {
      w = new InstanceWatcher({ client: this.client, prefix: this.prefix, service, logger: this.deps.logger, gauge: this.m.instances });
      this.watchers.set(service, w);
    }
    return w;
  }

  transportFor(service: ServiceName): Transport {
    let t = this.transports.get(service);
    if (!t) {
      const w = this.watcher(service);
      t = new BalancedTransport({
        service,
        instances: () => w.instances(),
        started: w.started,
        transportFor: (url) => this.instanceTransport(url),
        connectionTo: (url) => this.sockets.get(url),
        onFailure: ({ error, ...failure }) =>
          this.deps.logger.warn({ err: error, ...failure }, failure.action === "retried" ? "rpc lost its instance; retried on another" : "rpc lost its instance mid-call; not resent"),
        retries: this.m.retries,
      });
      this.transports.set(service, t);
    }
    return t;
  }

  private instanceTransport(url: string): Transport {
    let t = this.instanceTransports.get(url);
    if (!t) {
      // Errors stay ConnectErrors here: the balanced transport decides on retries, then maps them once. Plain h2c
      // connections are opened here so the balanced transport can see a socket the peer has closed (TLS ones are left
      // to Connect, and only lose that early look).
      const target = new URL(url);
      const createConnection =
        target.protocol === "http:"
          ? () => {
              // URL keeps an IPv6 host in brackets; net.connect wants it bare.
              const socket = connect({ host: target.hostname.replace(/^\[(.*)\]$/, "$1"), port: Number(target.port || 80) });
              this.sockets.set(url, socket);
              return socket;
            }
          : undefined;
      t = createGrpcTransport({ baseUrl: url, interceptors: [clientTracingInterceptor], ...(createConnection ? { nodeOptions: { createConnection } } : {}) });
      this.instanceTransports.set(url, t);
    }
    return t;
  }

  /** Readiness of a gateway: watchers exist once asked, so ask for every service. */
  liveInstances(service: ServiceName): number {
    return this.watcher(service).instances().length;
  }

  async register(service: ServiceName, url: string): Promise<Registration> {
    return ServiceRegistration.register({
      client: this.client,
      prefix: this.prefix,
      service,
      // Per registration, so a process could serve two instances; the election id is per process.
      instanceId: `${this.instanceId}-${randomBytes(2).toString("hex")}`,
      info: { url, version: this.deps.version, startedAt: new Date().toISOString() },
      ttlSeconds: this.config.discovery.leaseTtlSeconds,
      logger: this.deps.logger,
    });
  }

  runAsLeader(name: string, work: LeaderWork): LeaderTask {
    const task = runAsEtcdLeader(name, work, {
      client: this.client,
      prefix: `${this.prefix}elections/`,
      instanceId: this.instanceId,
      ttlSeconds: this.config.discovery.leaseTtlSeconds,
      logger: this.deps.logger,
      gauge: this.m.leader,
    });
    this.tasks.add(task);
    return task;
  }

  async close(): Promise<void> {
    await Promise.all([...this.tasks].map((t) => t.stop()));
    await Promise.all([...this.watchers.values()].map((w) => w.close()));
    this.client.close();
  }
}

/** Every service a gateway talks to, so its watchers start listing before the first request. */
export function watchAll(discovery: Discovery): void {
  for (const s of SERVICE_NAMES) discovery.liveInstances(s);
}
