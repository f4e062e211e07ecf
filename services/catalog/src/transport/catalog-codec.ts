import type { MessageInitShape } from "@bufbuild/protobuf";
import type { BookSchema, CategorySchema, StockSchema } from "@bookstore/contracts/catalog/v1/catalog";
import type { Book } from "../domain/book.js";
import type { Category } from "../domain/category.js";
import type { Stock } from "../domain/stock.js";

export const bookToProto = (b: Book): MessageInitShape<typeof BookSchema> => ({
  id: b.id,
  isbn: b.isbn,
  title: b.title,
  authors: [...b.authors],
  publisher: b.publisher,
  language: b.language,
  categoryId: b.categoryId,
  priceCents: BigInt(b.priceCents),
  currency: b.currency,
  description: b.description,
  coverUrl: b.coverUrl,
  publishedAt: b.publishedAt ?? "",
  createdAtMs: BigInt(b.createdAtMs),
  updatedAtMs: BigInt(b.updatedAtMs),
  deleted: b.deleted,
});

export const categoryToProto = (c: Category): MessageInitShape<typeof CategorySchema> => ({
  id: c.id,
  name: c.name,
  parentId: c.parentId ?? "",
});

export const stockToProto = (s: Stock): MessageInitShape<typeof StockSchema> => ({
  bookId: s.bookId,
  available: s.available,
  reserved: s.reserved,
  version: s.version,
});
