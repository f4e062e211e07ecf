import { randomBytes } from "node:crypto";
import type { Logger } from "../logger/index.js";
import { Snowflake } from "./snowflake.js";

/** Worker ids 0..1022 are leased; 1023 is reserved for ids drawn from a database sequence (id_validation fallback). */
export const LEASABLE_WORKER_IDS = 1023;

export interface LeaseGrant {
  workerId: number;
  /** Last ms the previous holder issued an id at (0 if none). */
  lastIssuedMs: number;
}

/** Where leases live: Redis in production, the SQL platform database otherwise. Times are wall-clock ms. */
export interface WorkerLeaseStore {
  readonly name: string;
  acquire(owner: string, ttlMs: number, nowMs: number): Promise<LeaseGrant | undefined>;
  /** Extends the lease if `owner` still holds it; false means it was lost (expired and taken, or deleted). */
  renew(workerId: number, owner: string, ttlMs: number, nowMs: number, lastIssuedMs: number): Promise<boolean>;
  release(workerId: number, owner: string, lastIssuedMs: number): Promise<void>;
  close(): Promise<void>;
}

export class WorkerLeaseLostError extends Error {}

export interface LeasedIds {
  ids: Snowflake;
  workerId: number;
  close(): Promise<void>;
}

/**
 * Leases a worker id and keeps it with a heartbeat every ttl/3. If heartbeats keep failing until the lease could
 * have expired, id generation stops (throws) rather than risk sharing the worker id with its next holder.
 */
export async function leaseSnowflake(
  store: WorkerLeaseStore,
  opts: { ttlMs: number; logger: Logger; nowMs?: () => number },
): Promise<LeasedIds> {
  const now = opts.nowMs ?? Date.now;
  const owner = `${process.pid}-${randomBytes(6).toString("hex")}`;
  const grant = await store.acquire(owner, opts.ttlMs, now());
  if (!grant) throw new Error(`no free Snowflake worker id in ${store.name} (all ${LEASABLE_WORKER_IDS} are leased)`);
  // Renewed at t means held until t + ttl; keep a margin so we stop before anyone else may take it.
  let heldUntil = now() + opts.ttlMs - Math.floor(opts.ttlMs / 10);
  const ids = new Snowflake(grant.workerId, {
    nowMs: now,
    ...(grant.lastIssuedMs > 0 ? { notBeforeMs: grant.lastIssuedMs } : {}),
    guard: () => {
      if (now() > heldUntil) throw new WorkerLeaseLostError(`Snowflake worker ${grant.workerId} lease is not renewed`);
    },
  });
  let beating: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (beating) return;
    const renewedAt = now();
    beating = store
      .renew(grant.workerId, owner, opts.ttlMs, renewedAt, ids.lastIssuedMs)
      .then((held) => {
        if (held) heldUntil = renewedAt + opts.ttlMs - Math.floor(opts.ttlMs / 10);
        else {
          heldUntil = 0;
          opts.logger.error({ workerId: grant.workerId, store: store.name }, "Snowflake worker lease lost; id generation stopped");
        }
      })
      .catch((err: unknown) => opts.logger.warn({ err, workerId: grant.workerId }, "Snowflake lease heartbeat failed"))
      .finally(() => (beating = undefined));
  }, Math.max(50, Math.floor(opts.ttlMs / 3)));
  timer.unref();
  opts.logger.info({ workerId: grant.workerId, store: store.name }, "leased Snowflake worker id");
  let closing: Promise<void> | undefined;
  return {
    ids,
    workerId: grant.workerId,
    close: () =>
      (closing ??= (async () => {
        clearInterval(timer);
        await beating;
        await store.release(grant.workerId, owner, ids.lastIssuedMs).catch((err: unknown) =>
          opts.logger.warn({ err, workerId: grant.workerId }, "Snowflake lease release failed; it expires by itself"),
        );
        await store.close();
      })()),
  };
}
