import { badFilter, badPage, badPrice, badPriceRange, queryTooLong, unknownSort } from "./errors.js";

export const SORTS = ["relevance", "price_asc", "price_desc", "newest", "bestselling"] as const;
export type Sort = (typeof SORTS)[number];

export const MAX_QUERY_LENGTH = 200;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
export const MAX_PUBLISHER_LENGTH = 200;
const MAX_PAGE = 100_000;
/** Category ids are Snowflakes; languages are ISO 639-1 codes as the catalog stores them. */
const CATEGORY_ID = /^[1-9]\d{0,18}$/;
const LANGUAGE = /^[a-z]{2}$/;

/** A validated search: text (possibly empty = list everything that passes the filters), filters, order and page. */
export interface SearchQuery {
  readonly text: string;
  readonly categoryId: string | undefined;
  readonly minPriceCents: number | undefined;
  readonly maxPriceCents: number | undefined;
  readonly inStock: boolean | undefined;
  readonly language: string | undefined;
  readonly publisher: string | undefined;
  readonly sort: Sort;
  readonly page: number;
  readonly size: number;
}

/** The request as it arrives: empty strings and zeros mean "not given" (proto3 defaults). */
export interface SearchInput {
  q: string;
  categoryId: string;
  minPriceCents?: number | undefined;
  maxPriceCents?: number | undefined;
  inStock?: boolean | undefined;
  language: string;
  publisher?: string | undefined;
  sort: string;
  page: number;
  size: number;
}

const isSort = (s: string): s is Sort => (SORTS as readonly string[]).includes(s);

function price(field: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0) throw badPrice(field);
  return value;
}

function filter(field: string, raw: string | undefined, valid: (value: string) => boolean, expected: string): string | undefined {
  const value = (raw ?? "").trim();
  if (value === "") return undefined;
  if (!valid(value)) throw badFilter(field, expected);
  return value;
}

const codePoints = (s: string) => [...s].length;

export function parseSearchQuery(input: SearchInput): SearchQuery {
  // Counted in code points, as a user would count characters (an emoji is one).
  if (codePoints(input.q) > MAX_QUERY_LENGTH) throw queryTooLong(MAX_QUERY_LENGTH);
  const text = input.q.trim();
  // With nothing to rank by, "relevance" would be arbitrary: an empty query lists the newest first.
  const sort = input.sort === "" ? (text === "" ? "newest" : "relevance") : input.sort;
  if (!isSort(sort)) throw unknownSort(input.sort, SORTS);
  if (!Number.isInteger(input.page) || input.page < 0 || input.page > MAX_PAGE) throw badPage("page", MAX_PAGE);
  if (!Number.isInteger(input.size) || input.size < 0 || input.size > MAX_PAGE_SIZE) throw badPage("size", MAX_PAGE_SIZE);
  const minPriceCents = price("minPriceCents", input.minPriceCents);
  const maxPriceCents = price("maxPriceCents", input.maxPriceCents);
  if (minPriceCents !== undefined && maxPriceCents !== undefined && minPriceCents > maxPriceCents) throw badPriceRange();
  return {
    text,
    categoryId: filter("category", input.categoryId, (v) => CATEGORY_ID.test(v), "a category id"),
    minPriceCents,
    maxPriceCents,
    inStock: input.inStock,
    language: filter("language", input.language.toLowerCase(), (v) => LANGUAGE.test(v), "a two-letter language code"),
    publisher: filter("publisher", input.publisher, (v) => codePoints(v) <= MAX_PUBLISHER_LENGTH, `at most ${MAX_PUBLISHER_LENGTH} characters`),
    sort,
    page: input.page || 1,
    size: input.size || DEFAULT_PAGE_SIZE,
  };
}
