import type { Kysely } from "kysely";
import { isDuplicateKeyError } from "@bookstore/platform/db";
import { SNOWFLAKE_EPOCH_MS } from "@bookstore/platform/ids";
import type { Clock } from "../domain/clock.js";
import type { IdRegistry } from "../domain/order-store.js";
import type { OrderDb } from "./schema.js";

/**
 * Fallback ids keep the Snowflake layout (ms | worker | sequence) so they sort with the rest and fit 63 bits,
 * with worker id 1023, which no process leases (config ids.workerId ≤ 1022): a fallback id is recognisable
 * and cannot equal a Snowflake id. The low 12 bits come from the database counter, unique per ms in practice.
 */
export const FALLBACK_WORKER_ID = 1023n;
const MAX_TRIES = 5;

export const fallbackId = (nowMs: number, seq: bigint): string =>
  ((BigInt(nowMs - SNOWFLAKE_EPOCH_MS) << 22n) | (FALLBACK_WORKER_ID << 12n) | (seq & 0xfffn)).toString();

export const isFallbackId = (id: string): boolean => ((BigInt(id) >> 12n) & 0x3ffn) === FALLBACK_WORKER_ID;

export class KyselyIdRegistry implements IdRegistry {
  constructor(
    private readonly db: Kysely<OrderDb>,
    private readonly clock: Clock,
    private readonly onConflict: (kind: string) => void,
  ) {}

  async claim(id: string, kind: "order" | "payment"): Promise<string> {
    if (await this.tryRecord(id, kind)) return id;
    this.onConflict(kind);
    for (let i = 0; i < MAX_TRIES; i += 1) {
      const nowMs = this.clock.now().getTime();
      const r = await this.db.insertInto("id_fallback_seq").values({ created_at: nowMs }).executeTakeFirstOrThrow();
      if (r.insertId === undefined) throw new Error("id_fallback_seq returned no id");
      const fallback = fallbackId(nowMs, r.insertId);
      if (await this.tryRecord(fallback, kind)) return fallback;
    }
    throw new Error(`no free ${kind} id after ${MAX_TRIES} fallback tries`);
  }

  /** False on a duplicate key; the failed statement alone is undone, the surrounding transaction goes on. */
  private async tryRecord(id: string, kind: string): Promise<boolean> {
    try {
      await this.db.insertInto("id_validation").values({ id, kind, created_at: this.clock.now().getTime() }).execute();
      return true;
    } catch (e) {
      if (isDuplicateKeyError(e)) return false;
      throw e;
    }
  }
}
