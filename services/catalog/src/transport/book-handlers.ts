import type { ServiceImpl } from "@connectrpc/connect";
import type { CatalogService } from "@bookstore/contracts/catalog/v1/catalog";
import { isSnowflake } from "@bookstore/platform/ids";
import { requirePermission } from "@bookstore/platform/rpc";
import type { BookPatch } from "../domain/book.js";
import { bookToProto, stockToProto } from "./catalog-codec.js";
import type { CatalogUseCases } from "./catalog-use-cases.js";
import { ownId, safeNumber, viewerOf } from "./request-values.js";

type BookMethods = Pick<
  ServiceImpl<typeof CatalogService>,
  "getBook" | "batchGetBooks" | "listBooks" | "listBookChanges" | "createBook" | "updateBook" | "deleteBook"
>;

/** Reads are public (the storefront shows books signed out); writes need book:write even behind the gateway. */
export const bookHandlers = (uc: CatalogUseCases): BookMethods => ({
  async getBook(req, ctx) {
    return { book: bookToProto(await uc.getBook.execute({ id: ownId("id", req.id), ...viewerOf(ctx) })) };
  },
  async batchGetBooks(req, ctx) {
    // An id that is no Snowflake names no book: left out like any other unknown id.
    return { books: (await uc.batchGetBooks.execute({ ids: req.ids.filter(isSnowflake), ...viewerOf(ctx) })).map(bookToProto) };
  },
  async listBooks(req, ctx) {
    const page = await uc.listBooks.execute({
      page: req.page,
      size: req.size,
      categoryId: req.categoryId === "" ? "" : ownId("category_id", req.categoryId),
      language: req.language,
      isbn: req.isbn,
      ...viewerOf(ctx),
    });
    return { books: page.items.map(bookToProto), total: page.total };
  },
  async listBookChanges(req) {
    const page = await uc.listBookChanges.execute({
      after: {
        changedAtMs: safeNumber("after_changed_at_ms", req.afterChangedAtMs),
        id: req.afterId === "" ? "" : ownId("after_id", req.afterId),
      },
      limit: req.limit,
    });
    return {
      books: page.books.map(bookToProto),
      stocks: page.stocks.map(stockToProto),
      nextChangedAtMs: BigInt(page.next.changedAtMs),
      nextId: page.next.id,
    };
  },
  async createBook(req, ctx) {
    const caller = requirePermission(ctx, "book:write");
    const book = await uc.createBook.execute({
      isbn: req.isbn,
      title: req.title,
      authors: req.authors,
      publisher: req.publisher,
      language: req.language,
      categoryId: ownId("category_id", req.categoryId),
      priceCents: safeNumber("price_cents", req.priceCents),
      currency: req.currency,
      description: req.description,
      coverUrl: req.coverUrl,
      publishedAt: req.publishedAt,
      stock: req.stock,
    });
    uc.noteWrite(caller.userId);
    return { book: bookToProto(book) };
  },
  async updateBook(req, ctx) {
    const caller = requirePermission(ctx, "book:write");
    // proto3 optional: an absent field keeps its value; authors (repeated) says so with authors_set.
    const patch: BookPatch = {
      ...(req.isbn !== undefined ? { isbn: req.isbn } : {}),
      ...(req.title !== undefined ? { title: req.title } : {}),
      ...(req.authorsSet ? { authors: req.authors } : {}),
      ...(req.publisher !== undefined ? { publisher: req.publisher } : {}),
      ...(req.language !== undefined ? { language: req.language } : {}),
      ...(req.categoryId !== undefined ? { categoryId: ownId("category_id", req.categoryId) } : {}),
      ...(req.priceCents !== undefined ? { priceCents: safeNumber("price_cents", req.priceCents) } : {}),
      ...(req.description !== undefined ? { description: req.description } : {}),
      ...(req.coverUrl !== undefined ? { coverUrl: req.coverUrl } : {}),
      ...(req.publishedAt !== undefined ? { publishedAt: req.publishedAt } : {}),
    };
    const book = await uc.updateBook.execute({ id: ownId("id", req.id), patch });
    uc.noteWrite(caller.userId);
    return { book: bookToProto(book) };
  },
  async deleteBook(req, ctx) {
    const caller = requirePermission(ctx, "book:write");
    await uc.deleteBook.execute({ id: ownId("id", req.id) });
    uc.noteWrite(caller.userId);
    return {};
  },
});
