import type { Kysely } from "kysely";
import { toNumber, type SqlDialect } from "@bookstore/platform/db";
import type { CartDayStats, CartEvent, CartStatsRepository } from "../domain/cart-stats.js";
import type { OrderDb } from "./schema.js";

/** The daily cart counters in the order service's database, whichever adapter holds the carts themselves. */
export class KyselyCartStatsRepository implements CartStatsRepository {
  constructor(
    private readonly db: Kysely<OrderDb>,
    private readonly dialect: SqlDialect,
  ) {}

  async increment(date: string, event: CartEvent): Promise<void> {
    // One statement, so concurrent order processes add up instead of overwriting each other's read.
    const insert = this.db.insertInto("cart_daily_stats").values({
      day: date, started: event === "started" ? 1 : 0, converted: event === "converted" ? 1 : 0,
    });
    if (this.dialect === "mysql") await insert.onDuplicateKeyUpdate((eb) => ({ [event]: eb(event, "+", 1) })).execute();
    else await insert.onConflict((oc) => oc.column("day").doUpdateSet((eb) => ({ [event]: eb(`cart_daily_stats.${event}`, "+", 1) }))).execute();
  }

  async byDate(date: string): Promise<CartDayStats> {
    const row = await this.db.selectFrom("cart_daily_stats").select(["started", "converted"]).where("day", "=", date).executeTakeFirst();
    return { date, started: toNumber(row?.started ?? 0), converted: toNumber(row?.converted ?? 0) };
  }
}
