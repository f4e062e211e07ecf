import { badUserId } from "./errors.js";
import type { EventRepository } from "./event-repository.js";
import type { PopularBooks } from "./popular-books.js";
import type { Recommendation } from "./recommendation.js";
import { pick, recommendationLimit } from "./recommendation-limit.js";

/** For a signed-in user: popular books they have not bought yet (item-item for users comes in issue 7). */
export class RecommendForUser {
  constructor(private readonly deps: { events: EventRepository; popular: PopularBooks }) {}

  async execute(input: { userId: string; limit: number }): Promise<Recommendation> {
    if (input.userId.length === 0 || input.userId.length > 32) throw badUserId();
    const limit = recommendationLimit(input.limit);
    const [ranked, bought] = await Promise.all([this.deps.popular.ranked(), this.deps.events.purchasedBy(input.userId)]);
    return { bookIds: pick(ranked, new Set(bought), limit), strategy: "popular" };
  }
}
