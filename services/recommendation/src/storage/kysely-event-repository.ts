import { sql, type Kysely } from "kysely";
import { isDuplicateKeyError, type SqlInt } from "@bookstore/platform/db";
import type { BehaviourEvent } from "../domain/behaviour-event.js";
import type { EventRepository, EventWeights, ScanCursor, ScoredBook } from "../domain/event-repository.js";
import { eventFromRow, eventToRow, scoredFromRow } from "./event-mapping.js";
import type { RecommendationDb } from "./schema.js";

/** Most books a user can have bought that we bother excluding. */
const MAX_PURCHASED = 1_000;
/** Rows per multi-row INSERT when loading many events at once. */
const INSERT_CHUNK = 500;

export class KyselyEventRepository implements EventRepository {
  constructor(private readonly db: Kysely<RecommendationDb>) {}

  async add(event: BehaviourEvent): Promise<boolean> {
    try {
      await this.db.insertInto("events").values(eventToRow(event)).execute();
      return true;
    } catch (e) {
      // The same client event id from this user (a retry), or the same event redelivered by the ingest stream.
      if (isDuplicateKeyError(e)) return false;
      throw e;
    }
  }

  /** Bulk load (offline evaluation, tests): the events must be new; no duplicate check. */
  async addAll(events: readonly BehaviourEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += INSERT_CHUNK)
      await this.db.insertInto("events").values(events.slice(i, i + INSERT_CHUNK).map(eventToRow)).execute();
  }

  async topBooks(sinceMs: number, weights: EventWeights, limit: number): Promise<ScoredBook[]> {
    // The weights are the domain's constants, inlined as literals; one CASE computes every event's worth.
    const cases = Object.entries(weights).map(([type, w]) =>
      w === "value"
        ? sql`when ${sql.ref("type")} = ${type} then ${sql.ref("value")}`
        : sql`when ${sql.ref("type")} = ${type} then ${sql.lit(w)}`,
    );
    const score = sql<SqlInt | null>`sum(case ${sql.join(cases, sql` `)} else 0 end)`;
    const rows = await this.db
      .selectFrom("events")
      .select(["book_id", score.as("score")])
      .where("created_at_ms", ">=", sinceMs)
      .groupBy("book_id")
      .having(score, ">", 0)
      .orderBy("score", "desc")
      .orderBy("book_id")
      .limit(limit)
      .execute();
    return rows.map(scoredFromRow);
  }

  async purchasedBy(userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom("events")
      .select("book_id")
      .distinct()
      .where("user_id", "=", userId)
      .where("type", "=", "purchase")
      .limit(MAX_PURCHASED)
      .execute();
    return rows.map((r) => r.book_id);
  }

  async recentOf(userId: string, limit: number): Promise<BehaviourEvent[]> {
    const rows = await this.newestOfUser(userId).limit(limit).execute();
    return rows.map(eventFromRow);
  }

  async feedbackOf(userId: string, limit: number): Promise<BehaviourEvent[]> {
    const rows = await this.newestOfUser(userId).where("type", "=", "feedback").limit(limit).execute();
    return rows.map(eventFromRow);
  }

  async before(event: BehaviourEvent, sinceMs: number, limit: number): Promise<BehaviourEvent[]> {
    const rows = await this.newestOfUser(event.userId)
      .where("created_at_ms", ">=", sinceMs)
      .where((eb) =>
        eb.or([
          eb("created_at_ms", "<", event.createdAtMs),
          // Ids are BIGINT: compared as numbers (a decimal string would compare as a double on MySQL).
          eb.and([eb("created_at_ms", "=", event.createdAtMs), eb("id", "<", BigInt(event.id))]),
        ]),
      )
      .limit(limit)
      .execute();
    return rows.map(eventFromRow);
  }

  async scan(sinceMs: number, after: ScanCursor | undefined, limit: number): Promise<BehaviourEvent[]> {
    let query = this.db
      .selectFrom("events")
      .selectAll()
      .where("created_at_ms", ">=", sinceMs)
      .orderBy("user_id")
      .orderBy("created_at_ms")
      .orderBy("id")
      .limit(limit);
    if (after) {
      const { userId, createdAtMs, id } = after;
      query = query.where((eb) =>
        eb.or([
          eb("user_id", ">", userId),
          eb.and([eb("user_id", "=", userId), eb("created_at_ms", ">", createdAtMs)]),
          eb.and([eb("user_id", "=", userId), eb("created_at_ms", "=", createdAtMs), eb("id", ">", BigInt(id))]),
        ]),
      );
    }
    return (await query.execute()).map(eventFromRow);
  }

  private newestOfUser(userId: string) {
    return this.db.selectFrom("events").selectAll().where("user_id", "=", userId).orderBy("created_at_ms", "desc").orderBy("id", "desc");
  }
}
