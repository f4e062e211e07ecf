import { randomInt } from "node:crypto";
import type { RedisClient } from "../kv/index.js";
import { LEASABLE_WORKER_IDS, type LeaseGrant, type WorkerLeaseStore } from "./worker-lease.js";

// One hash tag, so every lease key lives in one Redis Cluster slot.
const leaseKey = (id: number) => `{bookstore}:snowflake:lease:${id}`;
const lastKey = (id: number) => `{bookstore}:snowflake:last:${id}`;

/** Extends the lease and records the last issued ms, only if we still own it. */
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  redis.call('SET', KEYS[2], ARGV[3])
  return 1
end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[2], ARGV[2])
  redis.call('DEL', KEYS[1])
end
return 0`;

/** Leases as keys with a TTL: SET NX PX takes a free id, Lua compare-and-extend keeps it. */
export class RedisWorkerLeaseStore implements WorkerLeaseStore {
  readonly name = "redis";

  constructor(
    private readonly redis: RedisClient,
    private readonly closeClient: () => Promise<void>,
  ) {}

  async acquire(owner: string, ttlMs: number): Promise<LeaseGrant | undefined> {
    const start = randomInt(LEASABLE_WORKER_IDS);
    for (let k = 0; k < LEASABLE_WORKER_IDS; k++) {
      const workerId = (start + k) % LEASABLE_WORKER_IDS;
      if ((await this.redis.set(leaseKey(workerId), owner, "PX", ttlMs, "NX")) !== "OK") continue;
      const last = await this.redis.get(lastKey(workerId));
      return { workerId, lastIssuedMs: last === null ? 0 : Number(last) };
    }
    return undefined;
  }

  async renew(workerId: number, owner: string, ttlMs: number, _nowMs: number, lastIssuedMs: number): Promise<boolean> {
    const held = await this.redis.eval(RENEW, 2, leaseKey(workerId), lastKey(workerId), owner, ttlMs, Math.max(0, lastIssuedMs));
    return held === 1;
  }

  async release(workerId: number, owner: string, lastIssuedMs: number): Promise<void> {
    await this.redis.eval(RELEASE, 2, leaseKey(workerId), lastKey(workerId), owner, Math.max(0, lastIssuedMs));
  }

  close(): Promise<void> {
    return this.closeClient();
  }
}
