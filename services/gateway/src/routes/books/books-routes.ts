import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { GatewayDeps } from "../../gateway-deps.js";
import { asCaller } from "../../plugins/auth.js";
import { errorResponses, IdParams, Page } from "../../schemas/common.js";
import { bookDetailsFor } from "./book-details.js";
import { BookJson, bookJson, present } from "./book-json.js";
import { BookDetailJson, BookListQuery, CreateBookBody, UpdateBookBody } from "./book-schemas.js";

const tags = ["books"];
const JSON_UTF8 = "application/json; charset=utf-8";

/** Browsing is public; editing needs book:write (checked here and again by the catalog service). */
export const booksRoutes: FastifyPluginAsyncTypebox<GatewayDeps> = async (app, deps) => {
  const catalog = deps.clients.catalog;
  const details = await bookDetailsFor(deps);
  app.addHook("onClose", () => details.close());

  app.get(
    "/books",
    {
      schema: {
        tags,
        summary: "Books, newest first, optionally filtered by category, language or ISBN",
        querystring: BookListQuery,
        response: { 200: Page(BookJson), ...errorResponses },
      },
      config: { permission: "public" },
    },
    async (req) => {
      const { page = 1, size = 20, categoryId = "", language = "", isbn = "" } = req.query;
      const res = await catalog.listBooks({ page, size, categoryId, language, isbn }, asCaller(req));
      return { items: res.books.map(bookJson), page, size, total: res.total };
    },
  );

  // Reply typed as the pre-serialized string it really sends; the schema below still documents its shape.
  app.get<{ Params: { id: string }; Reply: string }>(
    "/books/:id",
    {
      schema: {
        tags,
        summary: "One book with its stock status and recommendations",
        params: IdParams,
        response: { 200: BookDetailJson, ...errorResponses },
      },
      config: { permission: "public" },
    },
    // Not async: a cached page is sent synchronously, already serialized (strings bypass the serializer).
    (req, reply) => {
      void reply.type(JSON_UTF8);
      const hit = details.cached(req.params.id);
      if (hit !== undefined) {
        void reply.send(hit);
        return;
      }
      return details.load(req.params.id, asCaller(req));
    },
  );

  app.post(
    "/books",
    {
      schema: {
        tags,
        summary: "Add a book (its stock starts at 0; set it with PUT /books/{id}/stock)",
        body: CreateBookBody,
        response: { 201: BookJson, ...errorResponses },
      },
      config: { permission: "book:write" },
    },
    async (req, reply) => {
      const b = req.body;
      const res = await catalog.createBook(
        {
          isbn: b.isbn,
          title: b.title,
          authors: b.authors,
          publisher: b.publisher,
          language: b.language,
          categoryId: b.categoryId,
          priceCents: BigInt(b.priceCents),
          currency: b.currency ?? "",
          description: b.description ?? "",
          coverUrl: b.coverUrl ?? "",
          publishedAt: b.publishedAt ?? "",
          stock: 0,
        },
        asCaller(req),
      );
      return reply.code(201).send(bookJson(present(res.book, "the created book")));
    },
  );

  app.patch(
    "/books/:id",
    {
      schema: {
        tags,
        summary: "Change some fields of a book",
        params: IdParams,
        body: UpdateBookBody,
        response: { 200: BookJson, ...errorResponses },
      },
      config: { permission: "book:write" },
    },
    async (req) => {
      const { authors, priceCents, publishedAt, ...rest } = req.body;
      const res = await catalog.updateBook(
        {
          id: req.params.id,
          ...rest,
          ...(authors !== undefined ? { authors, authorsSet: true } : {}),
          ...(priceCents !== undefined ? { priceCents: BigInt(priceCents) } : {}),
          ...(publishedAt !== undefined ? { publishedAt: publishedAt ?? "" } : {}),
        },
        asCaller(req),
      );
      await details.invalidate(req.params.id);
      return bookJson(present(res.book, "the updated book"));
    },
  );

  app.delete(
    "/books/:id",
    {
      schema: {
        tags,
        summary: "Delete a book (soft: it disappears from the store, orders keep their history)",
        params: IdParams,
        response: { 204: Type.Null({ description: "deleted" }), ...errorResponses },
      },
      config: { permission: "book:write" },
    },
    async (req, reply) => {
      await catalog.deleteBook({ id: req.params.id }, asCaller(req));
      await details.invalidate(req.params.id);
      return reply.code(204).send(null);
    },
  );
};
