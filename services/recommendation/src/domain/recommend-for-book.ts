import { isBookId } from "./behaviour-event.js";
import { badBookId } from "./errors.js";
import type { EventRepository } from "./event-repository.js";
import { POPULARITY_WINDOW_MS, type PopularBooks } from "./popular-books.js";
import type { Clock } from "./ports.js";
import type { Recommendation } from "./recommendation.js";
import { pick, recommendationLimit } from "./recommendation-limit.js";

/**
 * "Readers of this book also looked at": books that share users with it (simple co-occurrence counts), topped up
 * with popular ones when there are fewer than asked; only popular books (never the book itself) when none co-occur.
 */
export class RecommendForBook {
  constructor(private readonly deps: { events: EventRepository; popular: PopularBooks; clock: Clock }) {}

  async execute(input: { bookId: string; limit: number }): Promise<Recommendation> {
    if (!isBookId(input.bookId)) throw badBookId(input.bookId);
    const limit = recommendationLimit(input.limit);
    const since = this.deps.clock.now().getTime() - POPULARITY_WINDOW_MS;
    const related = await this.deps.events.coOccurring(input.bookId, since, limit);
    const self = new Set([input.bookId]);
    const cf = pick(related.map((r) => r.bookId), self, limit);
    const popular = cf.length < limit ? await this.deps.popular.ranked() : [];
    const bookIds = pick([...cf, ...popular], self, limit);
    return { bookIds, strategy: cf.length > 0 ? "item_cf" : "popular" };
  }
}
