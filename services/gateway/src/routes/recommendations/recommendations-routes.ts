import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { rateLimited, unauthenticated } from "@bookstore/platform/errors";
import type { GatewayDeps } from "../../gateway-deps.js";
import { asCaller } from "../../plugins/auth.js";
import { errorResponses } from "../../schemas/common.js";
import { callerId } from "../users/caller-id.js";
import { booksInOrder } from "../search/books-in-order.js";
import { bookJson } from "../books/book-json.js";
import { EventAccepted, EventBody, RecommendationsJson, RecommendationsQuery } from "./recommendation-schemas.js";

const tags = ["recommendations"];
const MINUTE_MS = 60_000;

interface RecommendedItem {
  bookId: string;
  reason: string;
  reasonCode: string;
}

/**
 * POST /events per signed-in user, on top of the general limits: events are cheap to send and each one is stored.
 * A checker from @fastify/rate-limit (the rate-limit plugin registered it), so it shares Redis with the other limits.
 */
function eventsLimit(app: FastifyInstance, deps: GatewayDeps): (req: FastifyRequest) => Promise<void> {
  if (!deps.config.rateLimit.enabled) return async () => undefined;
  const key = (req: FastifyRequest) => `events:${req.caller?.userId ?? req.ip}`;
  const check = app.createRateLimit({ max: deps.config.recommendation.eventsPerUserPerMinute, timeWindow: MINUTE_MS, keyGenerator: key });
  return async (req) => {
    const result = await check(req);
    if (!result.isAllowed && result.isExceeded) throw rateLimited(Math.max(1, result.ttlInSeconds));
  };
}

/** Recommendations for a book (anyone) or for the signed-in user, and the behaviour events that feed them. */
export const recommendationsRoutes: FastifyPluginAsyncTypebox<GatewayDeps> = async (app, deps) => {
  const { clients } = deps;

  app.get(
    "/recommendations",
    {
      schema: {
        tags,
        summary: "With bookId: books that go with it (public); without: for the signed-in user",
        description:
          "The personal list mixes books related to the user's own (item-to-item collaborative filtering, content " +
          "similarity for new books), popular books of their favourite categories and popular books overall; it " +
          "leaves out books they bought, liked, disliked or marked not interested and keeps one category to 30 % of the page.",
        querystring: RecommendationsQuery,
        response: { 200: RecommendationsJson, ...errorResponses },
      },
      // Public so that book pages work signed out; the personal list needs a caller (checked below).
      config: { permission: "public" },
    },
    async (req) => {
      const { bookId, limit = 10 } = req.query;
      let rec: { items: RecommendedItem[]; strategy: string };
      if (bookId !== undefined) {
        rec = await clients.recommendation.forBook({ bookId, limit }, asCaller(req));
      } else {
        if (!req.caller) throw unauthenticated("sign in for personal recommendations, or pass bookId");
        rec = await clients.recommendation.forUser({ userId: req.caller.userId, limit }, asCaller(req));
      }
      const books = new Map((await booksInOrder(clients.catalog, rec.items.map((i) => i.bookId), asCaller(req))).map((b) => [b.id, b]));
      // A book the catalog no longer lists is left out (the models may lag a deletion by a moment).
      const items = rec.items.flatMap((i) => {
        const book = books.get(i.bookId);
        return book ? [{ ...bookJson(book), reason: i.reason, reasonCode: i.reasonCode }] : [];
      });
      return { items, strategy: rec.strategy };
    },
  );

  app.post(
    "/events",
    {
      schema: {
        tags,
        summary: "Record something the signed-in user did with a book",
        description:
          "view, cart_add, purchase, or feedback (a rating, or a kind: like, dislike, not_interested). An eventId " +
          "makes a retry safe: the same id from the same user is stored once and answered the same. Unknown book → 400.",
        body: EventBody,
        response: { 202: EventAccepted, ...errorResponses },
      },
      config: { permission: "self" },
      preHandler: eventsLimit(app, deps),
    },
    async (req, reply) => {
      const { type, bookId, value, feedback, eventId } = req.body;
      const res = await clients.recommendation.recordEvent(
        { userId: callerId(req), type, bookId, value, feedback: feedback ?? "", clientEventId: eventId ?? "" },
        asCaller(req),
      );
      return reply.code(202).send({ accepted: true, eventId: res.eventId });
    },
  );
};
