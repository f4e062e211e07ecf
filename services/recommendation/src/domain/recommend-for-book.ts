import { isBookId } from "./behaviour-event.js";
import type { CatalogMirror } from "./catalog-mirror.js";
import { badBookId } from "./errors.js";
import type { Neighbour } from "./item-similarity-model.js";
import type { PopularBooks } from "./popular-books.js";
import { reasonFor, type ReasonCode } from "./reason.js";
import type { Recommendation } from "./recommendation.js";
import { pick, recommendationLimit } from "./recommendation-limit.js";

export interface ForBookInput {
  bookId: string;
  limit: number;
  /**
   * The book page's "also viewed": only the book's neighbours in the item model, then (for a book nobody has
   * co-read yet) its content neighbours; never unrelated popular books. Otherwise popular books fill the list.
   */
  neighboursOnly: boolean;
}

/**
 * "Readers of this book also viewed": the item model's neighbours of the book. The plain list is topped up with
 * popular books when there are fewer than asked (only popular books, never the book itself, when it has none).
 */
export class RecommendForBook {
  constructor(
    private readonly deps: {
      model: { neighbours(bookId: string, limit: number): Neighbour[] };
      popular: PopularBooks;
      mirror: CatalogMirror;
    },
  ) {}

  async execute(input: ForBookInput): Promise<Recommendation> {
    if (!isBookId(input.bookId)) throw badBookId(input.bookId);
    const limit = recommendationLimit(input.limit);
    const { model, mirror, popular } = this.deps;
    const hidden = new Set([input.bookId]);
    const notDeleted = (id: string) => !mirror.isGone(id);
    const codes = new Map<string, ReasonCode>();
    const cf = pick(model.neighbours(input.bookId, limit * 2).map((n) => n.bookId).filter(notDeleted), hidden, limit);
    for (const id of cf) codes.set(id, "viewed_together");
    let rest: readonly string[];
    let restCode: ReasonCode = "popular_in_category";
    if (input.neighboursOnly) {
      const content = mirror.similar(input.bookId, limit).filter((s) => notDeleted(s.bookId));
      for (const s of content) if (!codes.has(s.bookId)) codes.set(s.bookId, s.match);
      rest = content.map((s) => s.bookId);
    } else {
      const ranking = cf.length < limit ? await popular.ranking() : { ids: [], basis: "events" as const };
      rest = ranking.ids.filter(notDeleted);
      if (ranking.basis === "newest") restCode = "new_arrival";
    }
    const bookIds = pick([...cf, ...rest], hidden, limit);
    return {
      items: bookIds.map((id) => {
        const code = codes.get(id);
        return {
          bookId: id,
          reason: code ? reasonFor(code, id, mirror, input.bookId) : reasonFor(restCode, id, mirror),
        };
      }),
      strategy: cf.length > 0 || (input.neighboursOnly && bookIds.length > 0) ? "item_cf" : "popular",
    };
  }
}
