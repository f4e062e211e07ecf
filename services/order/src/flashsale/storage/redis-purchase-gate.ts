import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { isDuplicateKeyError } from "@bookstore/platform/db";
import { isCluster, type RedisClient } from "@bookstore/platform/kv";
import type { PurchaseGate, PurchaseRepository } from "../domain/flash-sale-ports.js";
import { queuedPurchase, type FlashSale, type GateOutcome } from "../domain/flash-sale.js";
import { purchaseToRow } from "./flash-sale-mapping.js";
import type { FlashSaleDb } from "./flash-sale-schema.js";

/** Keys carry the sale id as a hash tag, so one sale's keys share a Redis Cluster slot and one script sees them all. */
export const saleKeys = (saleId: string): [remaining: string, buyers: string, window: string] => [
  `flashsale:{${saleId}}:remaining`,
  `flashsale:{${saleId}}:buyers`,
  `flashsale:{${saleId}}:window`,
];

/** Keys outlive the sale by a day; the SQL rows stay the record. */
const KEEP_MS = 24 * 3600 * 1000;

/**
 * One round trip: window, one per user, one unit. Returns the unit (the count left after taking it, 0-based),
 * or -1 outside the window, -2 already bought, -3 sold out, -4 unknown sale (keys lost: rebuild from SQL).
 */
const ACQUIRE = `
local w = redis.call('HMGET', KEYS[3], 'startsAt', 'endsAt')
if not w[1] or not w[2] then return -4 end
local now = tonumber(ARGV[2])
if now < tonumber(w[1]) or now >= tonumber(w[2]) then return -1 end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return -2 end
local left = tonumber(redis.call('GET', KEYS[1]) or '0')
if left <= 0 then return -3 end
redis.call('DECR', KEYS[1])
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('PEXPIREAT', KEYS[2], tonumber(w[2]) + tonumber(ARGV[3]))
return left - 1
`;

/** Sets a sale's keys unless they exist (a concurrent rebuild loses harmlessly). ARGV[5..] are known buyers. */
const OPEN = `
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
local keepUntil = tonumber(ARGV[3]) + tonumber(ARGV[4])
redis.call('SET', KEYS[1], ARGV[1])
redis.call('PEXPIREAT', KEYS[1], keepUntil)
for i = 5, #ARGV do redis.call('SADD', KEYS[2], ARGV[i]) end
if #ARGV >= 5 then redis.call('PEXPIREAT', KEYS[2], keepUntil) end
redis.call('HSET', KEYS[3], 'startsAt', ARGV[2], 'endsAt', ARGV[3])
redis.call('PEXPIREAT', KEYS[3], keepUntil)
return 1
`;

interface Script {
  readonly lua: string;
  readonly sha: string;
}
const script = (lua: string): Script => ({ lua, sha: createHash("sha1").update(lua).digest("hex") });
const ACQUIRE_SCRIPT = script(ACQUIRE);
const OPEN_SCRIPT = script(OPEN);

/**
 * The production gate: the Lua script decides atomically, then the purchase is recorded durably as queued in SQL.
 * If that write fails, the user is taken out of the buyers set again (so they may retry); the unit is not handed
 * out twice: it stays unused and goes back to the catalog when the sale ends (ReleaseUnsoldSaleUnits).
 */
export class RedisPurchaseGate implements PurchaseGate {
  constructor(
    private readonly redis: RedisClient,
    private readonly db: Kysely<FlashSaleDb>,
    private readonly purchases: PurchaseRepository,
  ) {}

  async open(sale: FlashSale): Promise<void> {
    await this.run(OPEN_SCRIPT, sale.id, [sale.quantity, sale.startsAtMs, sale.endsAtMs, KEEP_MS]);
  }

  async acquire(sale: FlashSale, userId: string, nowMs: number): Promise<GateOutcome> {
    let unit = await this.run(ACQUIRE_SCRIPT, sale.id, [userId, nowMs, KEEP_MS]);
    if (unit === -4) {
      await this.rebuild(sale);
      unit = await this.run(ACQUIRE_SCRIPT, sale.id, [userId, nowMs, KEEP_MS]);
    }
    if (unit === -1 || unit === -4) return { kind: "closed" };
    if (unit === -2) return { kind: "already_bought" };
    if (unit === -3) return { kind: "sold_out" };
    const purchase = queuedPurchase(sale.id, userId, unit, nowMs);
    try {
      await this.db.insertInto("flash_sale_purchases").values(purchaseToRow(purchase)).execute();
    } catch (e) {
      // The row exists: this user bought before the keys were rebuilt. Anything else: let them try again.
      if (isDuplicateKeyError(e) && (await this.purchases.find(sale.id, userId))) return { kind: "already_bought" };
      await this.redis.srem(saleKeys(sale.id)[1], userId);
      throw e;
    }
    return { kind: "accepted", purchase };
  }

  async remaining(sales: readonly FlashSale[]): Promise<Map<string, number>> {
    if (sales.length === 0) return new Map();
    const values = await this.remainingValues(sales.map((sale) => saleKeys(sale.id)[0]));
    const live = new Map<string, number>();
    sales.forEach((sale, i) => {
      const value = values[i];
      if (typeof value === "string") live.set(sale.id, Math.max(0, Number(value)));
    });
    return live;
  }

  /**
   * One GET per sale: MGET across sales would span Cluster slots. Standalone sends them as one pipeline; a Cluster
   * refuses a pipeline whose keys live on different masters, so there they go as separate commands, all at once.
   */
  private async remainingValues(keys: string[]): Promise<unknown[]> {
    if (isCluster(this.redis)) {
      const cluster = this.redis;
      return Promise.all(keys.map((key) => cluster.get(key)));
    }
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.get(key);
    return ((await pipeline.exec()) ?? []).map(([, value]) => value);
  }

  /**
   * Keys lost (flush, failover without persistence): rebuild from the purchase rows. Units are handed out from the
   * top down, so restarting below the lowest unit ever handed out can never hand one out twice; units skipped
   * that way go back to the catalog when the sale ends.
   */
  private async rebuild(sale: FlashSale): Promise<void> {
    const lowest = await this.purchases.lowestUnit(sale.id);
    const buyers = await this.purchases.buyers(sale.id);
    await this.run(OPEN_SCRIPT, sale.id, [lowest ?? sale.quantity, sale.startsAtMs, sale.endsAtMs, KEEP_MS, ...buyers]);
  }

  /** EVALSHA, loading the script with EVAL the first time a server has not seen it (restart, new node). */
  private async run(s: Script, saleId: string, args: readonly (string | number)[]): Promise<number> {
    let result: unknown;
    try {
      result = await this.redis.evalsha(s.sha, 3, ...saleKeys(saleId), ...args);
    } catch (e) {
      if (!(e instanceof Error) || !e.message.startsWith("NOSCRIPT")) throw e;
      result = await this.redis.eval(s.lua, 3, ...saleKeys(saleId), ...args);
    }
    if (typeof result !== "number") throw new Error(`flash sale script answered ${String(result)}`);
    return result;
  }
}
