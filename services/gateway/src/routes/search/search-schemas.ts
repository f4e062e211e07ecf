import { Type } from "typebox";
import { PageQuery, strictObject } from "../../schemas/common.js";
import { BOOK_JSON_PROPERTIES } from "../books/book-json.js";

export const SORTS = ["relevance", "price_asc", "price_desc", "newest"] as const;
const MAX_CENTS = 1_000_000_000;

export const SearchQuery = strictObject({
  q: Type.Optional(Type.String({ maxLength: 200, description: "Words, CJK text or an ISBN; empty lists everything filtered" })),
  category: Type.Optional(Type.String({ maxLength: 32, description: "Category id" })),
  minPriceCents: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_CENTS })),
  maxPriceCents: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_CENTS })),
  inStock: Type.Optional(Type.Boolean()),
  language: Type.Optional(Type.String({ maxLength: 16 })),
  sort: Type.Optional(
    Type.String({ enum: [...SORTS], description: "Default: relevance with q, newest without" }),
  ),
  ...PageQuery,
});

const FacetValues = Type.Array(strictObject({ value: Type.String(), count: Type.Integer() }));

export const SearchResultJson = strictObject({
  items: Type.Array(strictObject({ ...BOOK_JSON_PROPERTIES, score: Type.Number() })),
  page: Type.Integer(),
  size: Type.Integer(),
  total: Type.Integer(),
  facets: strictObject({ category: FacetValues, price: FacetValues, language: FacetValues }),
});

export const SuggestQuery = strictObject({
  q: Type.Optional(Type.String({ maxLength: 200, description: "What the user has typed so far" })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, default: 10 })),
});

export const SuggestJson = strictObject({ suggestions: Type.Array(Type.String()) });

export const HotQuery = strictObject({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
});

export const HotJson = strictObject({
  keywords: Type.Array(strictObject({ keyword: Type.String(), count: Type.Integer() })),
});
