import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { unauthenticated } from "@bookstore/platform/errors";
import type { GatewayDeps } from "../../gateway-deps.js";
import { asCaller } from "../../plugins/auth.js";
import { errorResponses, Id, strictObject } from "../../schemas/common.js";
import { callerId } from "../users/caller-id.js";
import { booksInOrder } from "../search/books-in-order.js";
import { BookJson, bookJson } from "../books/book-json.js";

const tags = ["recommendations"];

const RecommendationsQuery = strictObject({
  bookId: Type.Optional(Id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
});

const RecommendationsJson = strictObject({
  items: Type.Array(BookJson),
  strategy: Type.String({ enum: ["item_cf", "popular"] }),
});

const EventBody = strictObject({
  type: Type.String({ enum: ["view", "cart_add", "purchase", "feedback"] }),
  bookId: Id,
  value: Type.Optional(Type.Integer({ minimum: -5, maximum: 1_000, description: "feedback: rating -5..5; purchase: quantity" })),
});

/** Recommendations for a book (anyone) or for the signed-in user, and the behaviour events that feed them. */
export const recommendationsRoutes: FastifyPluginAsyncTypebox<GatewayDeps> = async (app, { clients }) => {
  app.get(
    "/recommendations",
    {
      schema: {
        tags,
        summary: "With bookId: books that go with it (public); without: for the signed-in user",
        querystring: RecommendationsQuery,
        response: { 200: RecommendationsJson, ...errorResponses },
      },
      // Public so that book pages work signed out; the personal list needs a caller (checked below).
      config: { permission: "public" },
    },
    async (req) => {
      const { bookId, limit = 10 } = req.query;
      let rec: { bookIds: string[]; strategy: string };
      if (bookId !== undefined) {
        rec = await clients.recommendation.forBook({ bookId, limit }, asCaller(req));
      } else {
        if (!req.caller) throw unauthenticated("sign in for personal recommendations, or pass bookId");
        rec = await clients.recommendation.forUser({ userId: req.caller.userId, limit }, asCaller(req));
      }
      const books = await booksInOrder(clients.catalog, rec.bookIds, asCaller(req));
      return { items: books.map(bookJson), strategy: rec.strategy };
    },
  );

  app.post(
    "/events",
    {
      schema: {
        tags,
        summary: "Record something the signed-in user did with a book",
        body: EventBody,
        response: { 202: strictObject({ accepted: Type.Boolean() }), ...errorResponses },
      },
      config: { permission: "self" },
    },
    async (req, reply) => {
      await clients.recommendation.recordEvent(
        { userId: callerId(req), type: req.body.type, bookId: req.body.bookId, value: req.body.value ?? 0 },
        asCaller(req),
      );
      return reply.code(202).send({ accepted: true });
    },
  );
};
