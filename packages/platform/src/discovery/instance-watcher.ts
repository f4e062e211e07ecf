import type { Etcd3, IKeyValue, Watcher } from "etcd3";
import type { Logger } from "../logger/index.js";
import type { Gauge } from "prom-client";
import { serviceKeyPrefix, type InstanceInfo } from "./service-registration.js";

export interface LiveInstance {
  id: string;
  url: string;
}

const parseInfo = (value: Buffer): InstanceInfo | undefined => {
  try {
    const info = JSON.parse(value.toString("utf8")) as Partial<InstanceInfo> | null;
    return info && typeof info.url === "string" && info.url.length > 0
      ? { url: info.url, version: String(info.version ?? ""), startedAt: String(info.startedAt ?? "") }
      : undefined;
  } catch {
    return undefined; // a foreign or corrupt value under our prefix is not an instance
  }
};

/**
 * The live instances of one service: a listing of `<prefix>services/<name>/`, then a watch from the listing's
 * revision (etcd3 resumes it from the last seen revision after a reconnect), so no change between the two is missed.
 */
export class InstanceWatcher {
  private readonly live = new Map<string, LiveInstance>();
  private watcher: Watcher | undefined;
  private closed = false;
  /** Resolves after the first listing; rejects if etcd cannot be read. */
  readonly started: Promise<void>;
  private readonly keyPrefix: string;

  constructor(
    private readonly deps: { client: Etcd3; prefix: string; service: string; logger: Logger; gauge: Gauge<"service"> },
  ) {
    this.keyPrefix = serviceKeyPrefix(deps.prefix, deps.service);
    this.started = this.startWithRetry();
  }

  /** etcd may be down when this process starts: keep trying (calls fail fast with UNAVAILABLE meanwhile). */
  private async startWithRetry(): Promise<void> {
    for (let delayMs = 200; !this.closed; delayMs = Math.min(delayMs * 2, 5_000)) {
      try {
        await this.start();
        return;
      } catch (err) {
        this.deps.logger.error({ err, service: this.deps.service, retryInMs: delayMs }, "could not list instances in etcd");
        await new Promise((r) => setTimeout(r, delayMs).unref());
      }
    }
  }

  /** Instances in a stable order (by id), so round-robin walks them evenly. */
  instances(): LiveInstance[] {
    return [...this.live.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  private async start(): Promise<void> {
    const listing = await this.deps.client.getAll().prefix(this.keyPrefix).exec();
    for (const kv of listing.kvs) this.upsert(kv);
    this.publish();
    if (this.closed) return;
    const watcher = await this.deps.client
      .watch()
      .prefix(this.keyPrefix)
      .startRevision(String(BigInt(listing.header.revision) + 1n))
      .create();
    if (this.closed) {
      await watcher.cancel();
      return;
    }
    this.watcher = watcher;
    watcher.on("put", (kv) => {
      this.upsert(kv);
      this.publish();
    });
    watcher.on("delete", (kv) => {
      const id = this.idOf(kv);
      if (id !== undefined) this.live.delete(id);
      this.publish();
    });
    watcher.on("disconnected", (err) => this.deps.logger.warn({ err, service: this.deps.service }, "etcd watch disconnected; resuming"));
    watcher.on("error", (err) => this.deps.logger.error({ err, service: this.deps.service }, "etcd watch failed"));
  }

  private idOf(kv: IKeyValue): string | undefined {
    const key = kv.key.toString("utf8");
    return key.startsWith(this.keyPrefix) ? key.slice(this.keyPrefix.length) : undefined;
  }

  private upsert(kv: IKeyValue): void {
    const id = this.idOf(kv);
    const info = parseInfo(kv.value);
    if (id === undefined) return;
    if (info) this.live.set(id, { id, url: info.url });
    else this.live.delete(id);
  }

  private publish(): void {
    this.deps.gauge.labels({ service: this.deps.service }).set(this.live.size);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.started.catch(() => undefined);
    await this.watcher?.cancel();
  }
}
