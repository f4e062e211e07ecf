import type { CatalogMirror } from "./catalog-mirror.js";
import { diversePage } from "./diverse-page.js";
import { badUserId } from "./errors.js";
import type { EventRepository } from "./event-repository.js";
import type { Neighbour } from "./item-similarity-model.js";
import type { PopularBooks } from "./popular-books.js";
import type { Clock } from "./ports.js";
import { reasonFor, type ReasonCode } from "./reason.js";
import type { Recommendation } from "./recommendation.js";
import { recommendationLimit } from "./recommendation-limit.js";
import { personalPicks, tasteOf, type Taste } from "./user-taste.js";

/** Recent events that make up a user's taste. */
const HISTORY = 100;
/** Feedback looked at for dismissed books. */
const FEEDBACK = 1_000;
/** The user's strongest categories, whose popular books come right after the personal picks. */
const TASTE_CATEGORIES = 3;

interface Candidate {
  readonly bookId: string;
  readonly code: ReasonCode;
  readonly relatedBookId?: string;
  /** From the user's own history (item model or content), as opposed to the rankings. */
  readonly personal: boolean;
}

/**
 * For a signed-in user, a page that mixes, in this order: books related to theirs (item-CF neighbours, and content
 * neighbours for books nobody co-read yet), popular books of their favourite categories, popular books overall,
 * and the newest books. Never books they bought, liked or dismissed; at most 30 % from one category. A user with no
 * history gets the popular books (strategy "popular"); the page is never empty while the catalogue is not.
 */
export class RecommendForUser {
  constructor(
    private readonly deps: {
      events: EventRepository;
      popular: PopularBooks;
      model: { neighbours(bookId: string, limit: number): Neighbour[] };
      mirror: CatalogMirror;
      clock: Clock;
      halfLifeMs: number;
    },
  ) {}

  async execute(input: { userId: string; limit: number }): Promise<Recommendation> {
    if (input.userId.length === 0 || input.userId.length > 32) throw badUserId();
    const limit = recommendationLimit(input.limit);
    const { events, popular, model, mirror, clock } = this.deps;
    const [recent, feedback, bought, ranking] = await Promise.all([
      events.recentOf(input.userId, HISTORY),
      events.feedbackOf(input.userId, FEEDBACK),
      events.purchasedBy(input.userId),
      popular.ranking(),
    ]);
    const ranked = ranking.ids;
    // Before anyone did anything the "ranking" is the newest books, and says so.
    const rankedCode: ReasonCode = ranking.basis === "events" ? "popular_in_category" : "new_arrival";
    const taste = tasteOf(recent, feedback, clock.now().getTime(), this.deps.halfLifeMs);
    const picks = personalPicks(taste, {
      items: (bookId, n) => model.neighbours(bookId, n),
      content: (bookId, n) => mirror.similar(bookId, n),
    });
    const hidden = new Set([...bought, ...taste.dismissed, ...taste.liked]);
    const page = diversePage(
      [
        ...picks.map((p): Candidate => ({ bookId: p.bookId, code: p.code, relatedBookId: p.relatedBookId, personal: true })),
        ...this.favouriteCategories(taste, ranked, rankedCode, limit),
        ...ranked.map((bookId): Candidate => ({ bookId, code: rankedCode, personal: false })),
        ...this.newestOnEveryShelf(limit),
      ],
      { limit, exclude: (id) => hidden.has(id) || mirror.isGone(id), categoryOf: (id) => mirror.categoryOf(id) },
    );
    return {
      items: page.map((c) => ({ bookId: c.bookId, reason: reasonFor(c.code, c.bookId, mirror, c.relatedBookId) })),
      strategy: page.some((c) => c.personal) ? "item_cf" : "popular",
    };
  }

  /** The last resort, and what a new shop shows: the newest books of each category in turn. */
  private newestOnEveryShelf(limit: number): Candidate[] {
    const { mirror } = this.deps;
    const perShelf = mirror.categoryIds().map((category) => mirror.newest(limit, category));
    return interleave(perShelf, limit).map((bookId): Candidate => ({ bookId, code: "new_arrival", personal: false }));
  }

  /** Popular (else newest) books of the categories the user's history weighs most, taken in turns. */
  private favouriteCategories(taste: Taste, ranked: readonly string[], rankedCode: ReasonCode, limit: number): Candidate[] {
    const { mirror } = this.deps;
    const weight = new Map<string, number>();
    for (const a of taste.anchors) {
      const category = mirror.categoryOf(a.bookId);
      if (category !== undefined) weight.set(category, (weight.get(category) ?? 0) + a.interest);
    }
    const favourites = [...weight].sort((x, y) => y[1] - x[1]).slice(0, TASTE_CATEGORIES);
    const lists = favourites.map(([category]) => {
      const popular = ranked.filter((id) => mirror.categoryOf(id) === category).slice(0, limit);
      return popular.length > 0
        ? popular.map((bookId): Candidate => ({ bookId, code: rankedCode, personal: false }))
        : mirror.newest(limit, category).map((bookId): Candidate => ({ bookId, code: "new_arrival", personal: false }));
    });
    return interleave(lists, limit);
  }
}

/** The first of each list, then the second of each, … up to `depth` from each. */
function interleave<T>(lists: readonly (readonly T[])[], depth: number): T[] {
  const out: T[] = [];
  for (let i = 0; i < depth; i++) {
    for (const list of lists) {
      const item = list[i];
      if (item !== undefined) out.push(item);
    }
  }
  return out;
}
