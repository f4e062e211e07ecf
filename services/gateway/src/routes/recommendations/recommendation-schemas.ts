import { Type } from "typebox";
import { Id, strictObject } from "../../schemas/common.js";
import { BOOK_JSON_PROPERTIES } from "../books/book-json.js";

export const RecommendationsQuery = strictObject({
  bookId: Type.Optional(Id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
});

export const REASON_CODES = [
  "bought_together",
  "viewed_together",
  "same_author",
  "similar_title",
  "popular_in_category",
  "popular",
  "new_arrival",
] as const;

export const RecommendedBookJson = strictObject({
  ...BOOK_JSON_PROPERTIES,
  reason: Type.String({ description: 'Why it is recommended, for people: "bought together with “…”", "same author as “…”", "popular in …"' }),
  reasonCode: Type.String({ enum: [...REASON_CODES], description: "The reason as a code, for clients that word it themselves" }),
});

export const RecommendationsJson = strictObject({
  items: Type.Array(RecommendedBookJson),
  strategy: Type.String({
    enum: ["item_cf", "popular"],
    description: "item_cf: at least one book comes from the user's (or the book's) related books; popular: only rankings",
  }),
});

export const FEEDBACK_KINDS = ["like", "dislike", "not_interested"] as const;

export const EventBody = strictObject({
  type: Type.String({ enum: ["view", "cart_add", "purchase", "feedback"] }),
  bookId: Id,
  value: Type.Optional(
    Type.Integer({
      minimum: -5,
      maximum: 1_000,
      description: "feedback: rating -5..5 (below 0 is a dislike; with `feedback`, its sign must agree); purchase: quantity",
    }),
  ),
  feedback: Type.Optional(
    Type.String({
      enum: [...FEEDBACK_KINDS],
      description:
        "type feedback only. like (value 1..5, default 5), dislike (-5..-1, default -5), not_interested (-5..0, default -1); " +
        "dislike and not_interested hide the book from the user's recommendations until a later like",
    }),
  ),
  eventId: Type.Optional(
    Type.String({
      pattern: "^[A-Za-z0-9_.:-]{1,64}$",
      description: "The client's id for this event: sending the same id again stores nothing new and answers the same",
    }),
  ),
});

export const EventAccepted = strictObject({
  accepted: Type.Boolean(),
  eventId: Type.String({ description: "The client's eventId, or the one assigned when none was sent" }),
});
