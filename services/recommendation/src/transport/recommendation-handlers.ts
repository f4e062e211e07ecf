import type { ConnectRouter } from "@connectrpc/connect";
import { RecommendationService } from "@bookstore/contracts/recommendation/v1/recommendation";
import { requireOwnerOr } from "@bookstore/platform/rpc";
import type { RecommendForBook } from "../domain/recommend-for-book.js";
import type { RecommendForUser } from "../domain/recommend-for-user.js";
import type { RecordEvent } from "../domain/record-event.js";

export interface RecommendationUseCases {
  recordEvent: RecordEvent;
  recommendForUser: RecommendForUser;
  recommendForBook: RecommendForBook;
}

/** Events and per-user lists are the user's own (or staff's); recommendations for a book are public. */
export function registerRecommendationHandlers(router: ConnectRouter, uc: RecommendationUseCases): void {
  router.service(RecommendationService, {
    async recordEvent(req, ctx) {
      requireOwnerOr(ctx, req.userId, "recommendation:write");
      await uc.recordEvent.execute({ userId: req.userId, type: req.type, bookId: req.bookId, value: req.value });
      return {};
    },
    async forUser(req, ctx) {
      requireOwnerOr(ctx, req.userId, "recommendation:read");
      const rec = await uc.recommendForUser.execute({ userId: req.userId, limit: req.limit });
      return { bookIds: [...rec.bookIds], strategy: rec.strategy };
    },
    async forBook(req) {
      const rec = await uc.recommendForBook.execute({ bookId: req.bookId, limit: req.limit });
      return { bookIds: [...rec.bookIds], strategy: rec.strategy };
    },
  });
}
