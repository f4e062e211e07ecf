import { Type } from "typebox";
import { CURRENCY, Id, PageQuery, strictObject } from "../../schemas/common.js";
import { BOOK_JSON_PROPERTIES, BookJson } from "./book-json.js";

// Shapes and lengths only; the catalog service owns the rules (ISBN checksum, trimming, category existence).

const isbn = Type.String({ minLength: 10, maxLength: 32, description: "ISBN-13; hyphens and spaces are ignored" });
const title = Type.String({ minLength: 1, maxLength: 300 });
const authors = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 20 });
const publisher = Type.String({ maxLength: 200 });
const language = Type.String({ pattern: "^[A-Za-z]{2}$", description: "ISO 639-1 code, e.g. zh or en" });
const priceCents = Type.Integer({ minimum: 0, maximum: 100_000_000 });
const currency = Type.String({ enum: [CURRENCY], description: "defaults to CNY" });
const description = Type.String({ maxLength: 10_000 });
const coverUrl = Type.String({ maxLength: 1_000 });
const publishedAt = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "YYYY-MM-DD" });

export const CreateBookBody = strictObject({
  isbn,
  title,
  authors,
  publisher,
  language,
  categoryId: Id,
  priceCents,
  currency: Type.Optional(currency),
  description: Type.Optional(description),
  coverUrl: Type.Optional(coverUrl),
  publishedAt: Type.Optional(publishedAt),
});

/** Only the fields sent change; publishedAt null clears the date. */
export const UpdateBookBody = Type.Object(
  {
    isbn: Type.Optional(isbn),
    title: Type.Optional(title),
    authors: Type.Optional(authors),
    publisher: Type.Optional(publisher),
    language: Type.Optional(language),
    categoryId: Type.Optional(Id),
    priceCents: Type.Optional(priceCents),
    description: Type.Optional(description),
    coverUrl: Type.Optional(coverUrl),
    publishedAt: Type.Optional(Type.Union([publishedAt, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const BookListQuery = strictObject({
  ...PageQuery,
  categoryId: Type.Optional(Id),
  language: Type.Optional(language),
  isbn: Type.Optional(isbn),
});

export const STOCK_STATUSES = ["in_stock", "low_stock", "out_of_stock", "unknown"] as const;
export type StockStatus = (typeof STOCK_STATUSES)[number];

export const BookDetailJson = strictObject({
  ...BOOK_JSON_PROPERTIES,
  stockStatus: Type.String({ enum: [...STOCK_STATUSES], description: "low_stock: 5 or fewer left; unknown: stock unavailable" }),
  recommendations: Type.Array(BookJson),
});

export const StockJson = strictObject({
  bookId: Id,
  available: Type.Integer({ minimum: 0, description: "sellable now, reserved units excluded" }),
  reserved: Type.Integer({ minimum: 0, description: "held by unpaid orders" }),
  version: Type.Integer(),
});

export const StockBody = strictObject({
  available: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
});
