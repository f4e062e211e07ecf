import type { Kysely } from "kysely";
import { FakeClock } from "@bookstore/platform/clock";
import type { Config } from "@bookstore/platform/config";
import { CatalogMirror } from "../domain/catalog-mirror.js";
import { LiveItemModel } from "../domain/live-item-model.js";
import { NewestListed } from "../domain/newest.js";
import { PopularBooks } from "../domain/popular-books.js";
import { RecommendForUser } from "../domain/recommend-for-user.js";
import { pick } from "../domain/recommendation-limit.js";
import { KyselyEventRepository } from "../storage/kysely-event-repository.js";
import type { RecommendationDb } from "../storage/schema.js";
import { lastPurchaseSplit, type BehaviourLog } from "./behaviour-log.js";

const DAY_MS = 24 * 3_600_000;
const K = 10;
/** The lift item-CF must show over popularity on precision@10 (issue 7). */
export const REQUIRED_LIFT = 0.3;

export interface RankingQuality {
  /** Held-out books among the top 10, over 10, averaged over users. */
  readonly precisionAt10: number;
  /** Share of users whose held-out book is in their top 10 (one held-out book each). */
  readonly recallAt10: number;
  /** Distinct books recommended to anyone, over the catalogue. */
  readonly coverage: number;
}

export interface EvaluationReport {
  readonly users: number;
  readonly trainingEvents: number;
  readonly books: number;
  readonly itemCf: RankingQuality;
  readonly popularity: RankingQuality;
  /** itemCf.precisionAt10 / popularity.precisionAt10 − 1 (0.3 = 30 % better). */
  readonly precisionLift: number;
}

class Tally {
  private hits = 0;
  private users = 0;
  private readonly shown = new Set<string>();

  add(top: readonly string[], heldOut: string): void {
    this.users += 1;
    if (top.slice(0, K).includes(heldOut)) this.hits += 1;
    for (const id of top.slice(0, K)) this.shown.add(id);
  }

  quality(books: number): RankingQuality {
    return { precisionAt10: this.hits / K / this.users, recallAt10: this.hits / this.users, coverage: this.shown.size / books };
  }
}

/**
 * Offline evaluation on a held-back last-purchase split: the training events go into the event store (`db`, either
 * dialect), the item model is built from it by the production rebuild, and each user's page from the production
 * RecommendForUser (item-CF with its mix) is compared with plain popularity (the most popular books not bought yet).
 */
export async function evaluateRecommendations(
  db: Kysely<RecommendationDb>,
  log: BehaviourLog,
  settings: Config["recommendation"],
): Promise<EvaluationReport> {
  const { training, heldOut } = lastPurchaseSplit(log.events);
  const events = new KyselyEventRepository(db);
  await events.addAll(training);
  const end = training.reduce((latest, e) => Math.max(latest, e.createdAtMs), 0) + 1;
  const clock = new FakeClock(new Date(end));
  const mirror = new CatalogMirror();
  mirror.put(log.books);
  mirror.setCategoryNames(log.categoryNames);
  const halfLifeMs = settings.halfLifeDays * DAY_MS;
  const model = new LiveItemModel(
    { events, clock },
    { halfLifeMs, windowMs: settings.modelWindowDays * DAY_MS, neighbours: settings.neighboursPerBook, historyLimit: 50 },
  );
  await model.rebuild();
  const popular = new PopularBooks({ events, catalog: new NewestListed(mirror, { newest: () => Promise.resolve([]) }), clock });
  const forUser = new RecommendForUser({ events, popular, model, mirror, clock, halfLifeMs });
  const ranked = await popular.ranked();

  const itemCf = new Tally();
  const popularity = new Tally();
  for (const [userId, book] of heldOut) {
    const page = await forUser.execute({ userId, limit: K });
    itemCf.add(page.items.map((i) => i.bookId), book);
    popularity.add(pick(ranked, new Set(await events.purchasedBy(userId)), K), book);
  }
  const cf = itemCf.quality(log.books.length);
  const pop = popularity.quality(log.books.length);
  return {
    users: heldOut.size,
    trainingEvents: training.length,
    books: log.books.length,
    itemCf: cf,
    popularity: pop,
    precisionLift: pop.precisionAt10 > 0 ? cf.precisionAt10 / pop.precisionAt10 - 1 : Infinity,
  };
}

/** The report as a small table. */
export function formatReport(r: EvaluationReport): string {
  const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
  const row = (name: string, q: RankingQuality) =>
    `${name.padEnd(12)} ${q.precisionAt10.toFixed(4).padStart(14)} ${q.recallAt10.toFixed(4).padStart(11)} ${pct(q.coverage).padStart(16)}`;
  return [
    `${r.users} users, ${r.trainingEvents} training events, ${r.books} books; held back: each user's last purchase`,
    `${"".padEnd(12)} ${"precision@10".padStart(14)} ${"recall@10".padStart(11)} ${"catalog coverage".padStart(16)}`,
    row("item-CF", r.itemCf),
    row("popularity", r.popularity),
    `item-CF precision@10 is ${r.precisionLift === Infinity ? "∞" : pct(r.precisionLift)} above popularity (required: ${pct(REQUIRED_LIFT)})`,
  ].join("\n");
}
