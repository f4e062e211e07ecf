import type { Etcd3, Lease } from "etcd3";
import type { Gauge } from "prom-client";
import type { Logger } from "../logger/index.js";

/** Singleton work: runs while this process leads; must return soon after `signal` aborts. */
export type LeaderWork = (signal: AbortSignal) => Promise<void>;

export interface LeaderTask {
  /** True while `work` runs here as the leader. */
  isLeader(): boolean;
  /** Stops campaigning; if leading, aborts the work, waits for it, then resigns so another instance takes over now. */
  stop(): Promise<void>;
}

const RETRY_MS = 500;

/** Without etcd every process is its own leader (one process per role, as in the embedded profile). */
export function runLocally(name: string, work: LeaderWork, deps: { logger: Logger; gauge: Gauge<"election"> }): LeaderTask {
  const ac = new AbortController();
  let leading = true;
  deps.gauge.labels({ election: name }).set(1);
  const running = work(ac.signal)
    .catch((err: unknown) => deps.logger.error({ err, election: name }, "singleton work failed"))
    .finally(() => {
      leading = false;
      deps.gauge.labels({ election: name }).set(0);
    });
  return {
    isLeader: () => leading,
    stop: async () => {
      ac.abort();
      await running;
    },
  };
}

interface Deps {
  client: Etcd3;
  /** `<prefix>elections/` */
  prefix: string;
  instanceId: string;
  ttlSeconds: number;
  logger: Logger;
  gauge: Gauge<"election">;
}

/**
 * Leader election on etcd: each contender writes `<prefix>elections/<name>/<leaseId>` under its own lease; the key
 * created first leads, the others wait for the key just ahead of theirs to go (the usual etcd recipe). A leader's
 * key goes when it resigns or its lease expires (crash, partition), so failover takes at most the TTL.
 * A leader that cannot renew its lease for most of the TTL aborts its work by itself: by then etcd may have
 * expired the lease and elected someone else, and two leaders must never overlap for long.
 */
export function runAsEtcdLeader(name: string, work: LeaderWork, deps: Deps): LeaderTask {
  const keyPrefix = `${deps.prefix}${name}/`;
  const stopper = new AbortController();
  let leading = false;
  const log = deps.logger.child({ election: name });
  // Followers export 0, so `sum(leader{election=…})` is exactly 1 across instances when all is well.
  deps.gauge.labels({ election: name }).set(0);

  const campaign = async (): Promise<void> => {
    const lease = deps.client.lease(deps.ttlSeconds);
    const lost = new Promise<Error>((resolve) => lease.on("lost", resolve));
    const ended = Promise.race([lost, aborted(stopper.signal)]);
    try {
      const leaseId = await lease.grant();
      const myKey = `${keyPrefix}${leaseId}`;
      await lease.put(myKey).value(deps.instanceId);
      if (!(await waitForTurn(deps.client, keyPrefix, myKey, ended))) return;
      await lead(lease, lost);
    } finally {
      await resign(lease);
    }
  };

  const lead = async (lease: Lease, lost: Promise<Error>): Promise<void> => {
    const ac = new AbortController();
    let lastRenewal = Date.now();
    lease.on("keepaliveSucceeded", () => (lastRenewal = Date.now()));
    const fenceMs = Math.max(deps.ttlSeconds * 1000 - 1_000, deps.ttlSeconds * 750);
    const fence = setInterval(() => {
      if (Date.now() - lastRenewal > fenceMs) {
        log.warn({ sinceRenewalMs: Date.now() - lastRenewal }, "leadership lease not renewed in time; stepping down");
        ac.abort();
      }
    }, 200);
    void lost.then((err) => {
      log.warn({ err }, "leadership lease lost");
      ac.abort();
    });
    const onStop = () => ac.abort();
    stopper.signal.addEventListener("abort", onStop, { once: true });
    leading = true;
    deps.gauge.labels({ election: name }).set(1);
    log.info({ instance: deps.instanceId }, "elected leader");
    try {
      await work(ac.signal);
    } catch (err) {
      log.error({ err }, "singleton work failed");
    } finally {
      clearInterval(fence);
      stopper.signal.removeEventListener("abort", onStop);
      leading = false;
      deps.gauge.labels({ election: name }).set(0);
    }
  };

  const loop = async (): Promise<void> => {
    while (!stopper.signal.aborted) {
      try {
        await campaign();
      } catch (err) {
        if (!stopper.signal.aborted) log.warn({ err }, "election campaign failed; retrying");
      }
      if (!stopper.signal.aborted) await delay(RETRY_MS, stopper.signal);
    }
  };
  const running = loop();

  return {
    isLeader: () => leading,
    stop: async () => {
      stopper.abort();
      await running;
    },
  };
}

/** Resolves true once `myKey` is the oldest contender; false if `ended` settles first (lease lost or stopping). */
async function waitForTurn(client: Etcd3, keyPrefix: string, myKey: string, ended: Promise<unknown>): Promise<boolean> {
  let over = false;
  void ended.then(() => (over = true));
  while (!over) {
    const oldest = await client.getAll().prefix(keyPrefix).sort("Create", "Ascend").limit(1).exec();
    const head = oldest.kvs[0];
    if (!head) return false; // our own key is gone: the lease expired
    const headKey = head.key.toString("utf8");
    if (headKey === myKey) return true;
    // Wait for the current leader's key to go; start just after the listing so a delete in between is seen.
    const watcher = await client.watch().key(headKey).startRevision(String(BigInt(oldest.header.revision) + 1n)).create();
    try {
      await Promise.race([new Promise<void>((resolve) => watcher.once("delete", () => resolve())), ended]);
    } finally {
      await watcher.cancel();
    }
  }
  return false;
}

async function resign(lease: Lease): Promise<void> {
  if (lease.revoked()) return;
  try {
    await lease.revoke({ deadline: Date.now() + 2_000 });
  } catch {
    lease.release(); // unreachable etcd: the lease expires with its TTL
  }
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}
