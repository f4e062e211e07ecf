import { Type, type Static } from "typebox";
import type { Book } from "@bookstore/contracts/catalog/v1/catalog";
import { CURRENCY, Id, strictObject, toIso } from "../../schemas/common.js";

/** DESIGN.md book JSON, shared by every response that shows a book (lists, detail, recommendations, search). */
export const BOOK_JSON_PROPERTIES = {
  id: Id,
  isbn: Type.String({ description: "ISBN-13, 13 digits without separators" }),
  title: Type.String(),
  authors: Type.Array(Type.String()),
  publisher: Type.String(),
  language: Type.String({ description: "ISO 639-1 code, e.g. zh or en" }),
  categoryId: Id,
  priceCents: Type.Integer({ minimum: 0 }),
  currency: Type.String({ enum: [CURRENCY] }),
  description: Type.String(),
  coverUrl: Type.String(),
  publishedAt: Type.Union([Type.String({ format: "date" }), Type.Null()], { description: "YYYY-MM-DD, null when unknown" }),
  createdAt: Type.String({ format: "date-time" }),
  updatedAt: Type.String({ format: "date-time" }),
};

export const BookJson = strictObject(BOOK_JSON_PROPERTIES);
export type BookJson = Static<typeof BookJson>;

/** A reply without its book breaks the contract: that is a 500, not something to paper over. */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`catalog answered without ${what}`);
  return value;
}

/** Proto → JSON. int64 fields arrive as bigint; money and times are safe integers. */
export const bookJson = (b: Book): BookJson => ({
  id: b.id,
  isbn: b.isbn,
  title: b.title,
  authors: [...b.authors],
  publisher: b.publisher,
  language: b.language,
  categoryId: b.categoryId,
  priceCents: Number(b.priceCents),
  currency: b.currency || CURRENCY,
  description: b.description,
  coverUrl: b.coverUrl,
  publishedAt: b.publishedAt === "" ? null : b.publishedAt,
  createdAt: toIso(Number(b.createdAtMs)),
  updatedAt: toIso(Number(b.updatedAtMs)),
});
