import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { GatewayDeps } from "../../gateway-deps.js";
import { asCaller } from "../../plugins/auth.js";
import { errorResponses } from "../../schemas/common.js";
import { booksInOrder } from "./books-in-order.js";
import { bookJson } from "../books/book-json.js";
import { HotJson, HotQuery, SearchQuery, SearchResultJson, SuggestJson, SuggestQuery } from "./search-schemas.js";

const tags = ["search"];
const facetJson = (values: readonly { value: string; count: number }[]) => values.map(({ value, count }) => ({ value, count }));
const rangesJson = (ranges: readonly { start: number; end: number }[] = []) => ranges.map(({ start, end }) => ({ start, end }));

/** Public search: hits from the search service, the books themselves from the catalog, in hit order. */
export const searchRoutes: FastifyPluginAsyncTypebox<GatewayDeps> = async (app, { clients }) => {
  app.get(
    "/search",
    {
      schema: {
        tags,
        summary: "Full-text search over listed books, with filters and facets",
        querystring: SearchQuery,
        response: { 200: SearchResultJson, ...errorResponses },
      },
      config: { permission: "public" },
    },
    async (req) => {
      const q = req.query;
      const page = q.page ?? 1;
      const size = q.size ?? 20;
      const res = await clients.search.search(
        {
          q: q.q ?? "",
          categoryId: q.category ?? "",
          ...(q.minPriceCents !== undefined ? { minPriceCents: BigInt(q.minPriceCents) } : {}),
          ...(q.maxPriceCents !== undefined ? { maxPriceCents: BigInt(q.maxPriceCents) } : {}),
          ...(q.inStock !== undefined ? { inStock: q.inStock } : {}),
          language: q.language ?? "",
          publisher: q.publisher ?? "",
          sort: q.sort ?? "",
          page,
          size,
        },
        asCaller(req),
      );
      const hits = new Map(res.hits.map((h) => [h.bookId, h]));
      const books = await booksInOrder(clients.catalog, res.hits.map((h) => h.bookId), asCaller(req));
      return {
        items: books.map((b) => {
          const hit = hits.get(b.id);
          return {
            ...bookJson(b),
            score: hit?.score ?? 0,
            highlights: { title: rangesJson(hit?.titleHighlights), description: rangesJson(hit?.descriptionHighlights) },
          };
        }),
        page,
        size,
        total: res.total,
        facets: { category: facetJson(res.categoryFacets), price: facetJson(res.priceFacets), language: facetJson(res.languageFacets) },
      };
    },
  );

  app.get(
    "/search/suggest",
    {
      schema: {
        tags,
        summary: "Title and author completions for a prefix",
        querystring: SuggestQuery,
        response: { 200: SuggestJson, ...errorResponses },
      },
      config: { permission: "public" },
    },
    async (req) => {
      const res = await clients.search.suggest({ q: req.query.q ?? "", limit: req.query.limit ?? 10 }, asCaller(req));
      return { suggestions: res.suggestions };
    },
  );

  app.get(
    "/search/hot",
    {
      schema: {
        tags,
        summary: "The most searched keywords of the last hour (window=1h, default) or day (window=24h), top 10 by default",
        querystring: HotQuery,
        response: { 200: HotJson, ...errorResponses },
      },
      config: { permission: "public" },
    },
    async (req) => {
      const window = req.query.window ?? "1h";
      const res = await clients.search.hot({ limit: req.query.limit ?? 10, window }, asCaller(req));
      return { window, keywords: res.keywords.map((k) => ({ keyword: k.keyword, count: k.count })) };
    },
  );
};
