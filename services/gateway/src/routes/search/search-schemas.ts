import { Type } from "typebox";
import { PageQuery, strictObject } from "../../schemas/common.js";
import { BOOK_JSON_PROPERTIES } from "../books/book-json.js";

export const SORTS = ["relevance", "price_asc", "price_desc", "newest", "bestselling"] as const;
const MAX_CENTS = 1_000_000_000;

export const SearchQuery = strictObject({
  q: Type.Optional(Type.String({ maxLength: 200, description: "Words, CJK text or an ISBN; empty lists everything filtered" })),
  category: Type.Optional(Type.String({ pattern: "^[1-9][0-9]{0,18}$", description: "Category id" })),
  minPriceCents: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_CENTS })),
  maxPriceCents: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_CENTS })),
  inStock: Type.Optional(Type.Boolean()),
  language: Type.Optional(Type.String({ pattern: "^[A-Za-z]{2}$", description: "ISO 639-1 code, such as zh or en" })),
  publisher: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: "Exact publisher name; case, spacing and punctuation ignored" }),
  ),
  sort: Type.Optional(
    Type.String({
      enum: [...SORTS],
      description:
        "Default: relevance with q, newest without. bestselling ranks by recent sales, then relevance (newest without q)",
    }),
  ),
  ...PageQuery,
});

const FacetValues = Type.Array(strictObject({ value: Type.String(), count: Type.Integer() }));
const TextRanges = Type.Array(strictObject({ start: Type.Integer(), end: Type.Integer() }), {
  description: "Matched stretches as UTF-16 offsets into the field, end exclusive",
});

export const SearchResultJson = strictObject({
  items: Type.Array(
    strictObject({
      ...BOOK_JSON_PROPERTIES,
      score: Type.Number(),
      highlights: strictObject({ title: TextRanges, description: TextRanges }),
    }),
  ),
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

export const HOT_WINDOWS = ["1h", "24h"] as const;

export const HotQuery = strictObject({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
  window: Type.Optional(
    Type.String({ enum: [...HOT_WINDOWS], default: "1h", description: "Sliding window the searches are counted in" }),
  ),
});

export const HotJson = strictObject({
  window: Type.String({ enum: [...HOT_WINDOWS] }),
  keywords: Type.Array(strictObject({ keyword: Type.String(), count: Type.Integer() })),
});
