import type { Recommendation } from "../domain/recommendation.js";

/** Domain → ForUser/ForBook response (both have the same shape). */
export const recommendationToProto = (rec: Recommendation) => ({
  bookIds: rec.items.map((i) => i.bookId),
  strategy: rec.strategy,
  items: rec.items.map((i) => ({
    bookId: i.bookId,
    reasonCode: i.reason.code,
    reason: i.reason.text,
    relatedBookId: i.reason.relatedBookId ?? "",
  })),
});
