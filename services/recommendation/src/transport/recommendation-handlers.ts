import type { ConnectRouter } from "@connectrpc/connect";
import { RecommendationService } from "@bookstore/contracts/recommendation/v1/recommendation";
import { requireOwnerOr } from "@bookstore/platform/rpc";
import type { RecommendForBook } from "../domain/recommend-for-book.js";
import type { RecommendForUser } from "../domain/recommend-for-user.js";
import type { RecordEvent } from "../domain/record-event.js";
import { recommendationToProto } from "./recommendation-codec.js";

export interface RecommendationUseCases {
  recordEvent: RecordEvent;
  recommendForUser: RecommendForUser;
  recommendForBook: RecommendForBook;
}

/** The role the order service calls with (services/order systemActor). */
const ORDER_SERVICE_ROLE = "system:order";

/** Events and per-user lists are the user's own (or staff's); recommendations for a book are public. */
export function registerRecommendationHandlers(router: ConnectRouter, uc: RecommendationUseCases): void {
  router.service(RecommendationService, {
    async recordEvent(req, ctx) {
      const caller = requireOwnerOr(ctx, req.userId, "recommendation:write");
      // The order service's purchases are counted from order.paid events (once per order); a direct call from it
      // as well (an older order service) would count them twice.
      if (req.type === "purchase" && caller.role === ORDER_SERVICE_ROLE) return { eventId: "" };
      const event = await uc.recordEvent.execute({
        userId: req.userId,
        type: req.type,
        bookId: req.bookId,
        value: req.value,
        feedback: req.feedback,
        clientEventId: req.clientEventId,
      });
      return { eventId: event.clientEventId };
    },
    async forUser(req, ctx) {
      requireOwnerOr(ctx, req.userId, "recommendation:read");
      return recommendationToProto(await uc.recommendForUser.execute({ userId: req.userId, limit: req.limit }));
    },
    async forBook(req) {
      const rec = await uc.recommendForBook.execute({ bookId: req.bookId, limit: req.limit, neighboursOnly: req.neighboursOnly });
      return recommendationToProto(rec);
    },
  });
}
