import { sql, type ExpressionBuilder, type Kysely } from "kysely";
import type { SqlInt } from "@bookstore/platform/db";
import type { BehaviourEvent } from "../domain/behaviour-event.js";
import type { EventRepository, EventWeights, ScoredBook } from "../domain/event-repository.js";
import { eventToRow, scoredFromRow } from "./event-mapping.js";
import type { RecommendationDb } from "./schema.js";

/** Most books a user can have bought that we bother excluding. */
const MAX_PURCHASED = 1_000;

type Side = "a" | "b";
type JoinedDb = { a: RecommendationDb["events"]; b: RecommendationDb["events"] };

/** A dislike (feedback ≤ 0) is not a sign that two books go together. */
const connects = (side: Side) => (eb: ExpressionBuilder<JoinedDb, Side>) =>
  eb.or([eb(`${side}.type`, "<>", "feedback"), eb(`${side}.value`, ">", 0)]);

export class KyselyEventRepository implements EventRepository {
  constructor(private readonly db: Kysely<RecommendationDb>) {}

  async add(event: BehaviourEvent): Promise<void> {
    await this.db.insertInto("events").values(eventToRow(event)).execute();
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

  async coOccurring(bookId: string, sinceMs: number, limit: number): Promise<ScoredBook[]> {
    const rows = await this.db
      .selectFrom("events as a")
      .innerJoin("events as b", "b.user_id", "a.user_id")
      .select((eb) => ["b.book_id", eb.fn.count<SqlInt>("b.user_id").distinct().as("score")])
      .where("a.book_id", "=", bookId)
      .where("b.book_id", "<>", bookId)
      .where("a.created_at_ms", ">=", sinceMs)
      .where("b.created_at_ms", ">=", sinceMs)
      .where(connects("a"))
      .where(connects("b"))
      .groupBy("b.book_id")
      .orderBy("score", "desc")
      .orderBy("b.book_id")
      .limit(limit)
      .execute();
    return rows.map(scoredFromRow);
  }
}
