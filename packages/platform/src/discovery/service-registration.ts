import type { Etcd3, Lease } from "etcd3";
import type { Logger } from "../logger/index.js";

/** What an instance announces under `<prefix>services/<name>/<instanceId>`. */
export interface InstanceInfo {
  url: string;
  version: string;
  startedAt: string;
}

export interface RegistrationInput {
  client: Etcd3;
  prefix: string;
  service: string;
  instanceId: string;
  info: InstanceInfo;
  ttlSeconds: number;
  logger: Logger;
}

export const serviceKeyPrefix = (prefix: string, service: string): string => `${prefix}services/${service}/`;

const RETRY_MIN_MS = 200;
const RETRY_MAX_MS = 5_000;

/**
 * Keeps one instance registered: a key under a lease that etcd3 keeps alive (every TTL/3). If the lease is lost
 * (etcd restarted, or this process was paused past the TTL) a new lease is granted and the key written again, with
 * back-off while etcd is unreachable. close() revokes the lease, so every watcher drops the instance at once.
 */
export class ServiceRegistration {
  private lease: Lease | undefined;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly key: string;

  private constructor(private readonly input: RegistrationInput) {
    this.key = `${serviceKeyPrefix(input.prefix, input.service)}${input.instanceId}`;
  }

  /** Resolves once the key is written (the instance is discoverable). */
  static async register(input: RegistrationInput): Promise<ServiceRegistration> {
    const r = new ServiceRegistration(input);
    await r.put();
    return r;
  }

  private async put(): Promise<void> {
    const lease = this.input.client.lease(this.input.ttlSeconds);
    this.lease = lease;
    lease.on("lost", (err) => {
      if (this.closed || this.lease !== lease) return;
      this.input.logger.warn({ err, key: this.key }, "discovery lease lost; registering again");
      this.retry(RETRY_MIN_MS);
    });
    try {
      await lease.put(this.key).value(JSON.stringify(this.input.info));
    } catch (e) {
      lease.release();
      throw e;
    }
  }

  private retry(delayMs: number): void {
    if (this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.put().then(
        () => this.input.logger.info({ key: this.key }, "registered again in etcd"),
        (err: unknown) => {
          this.input.logger.warn({ err, key: this.key }, "could not register in etcd; retrying");
          this.retry(Math.min(delayMs * 2, RETRY_MAX_MS));
        },
      );
    }, delayMs);
    this.retryTimer.unref();
  }

  /** Deregisters (revokes the lease). Idempotent; an unreachable etcd just lets the lease expire. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    const lease = this.lease;
    if (!lease) return;
    try {
      await lease.revoke({ deadline: Date.now() + 2_000 });
    } catch (err) {
      lease.release();
      this.input.logger.warn({ err, key: this.key }, "could not revoke the discovery lease; it expires with its TTL");
    }
  }
}
