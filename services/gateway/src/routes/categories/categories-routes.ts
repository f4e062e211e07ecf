import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { GatewayDeps } from "../../gateway-deps.js";
import { asCaller } from "../../plugins/auth.js";
import { errorResponses, Id, strictObject } from "../../schemas/common.js";
import { present } from "../books/book-json.js";
import { CategoryJson, categoryJson } from "./category-json.js";

const tags = ["categories"];

const CreateCategoryBody = strictObject({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  parentId: Type.Optional(Id),
});

export const categoriesRoutes: FastifyPluginAsyncTypebox<GatewayDeps> = async (app, { clients }) => {
  app.get(
    "/categories",
    {
      schema: {
        tags,
        summary: "Every category, oldest first",
        response: { 200: strictObject({ items: Type.Array(CategoryJson) }), ...errorResponses },
      },
      config: { permission: "public" },
    },
    async (req) => ({ items: (await clients.catalog.listCategories({}, asCaller(req))).categories.map(categoryJson) }),
  );

  app.post(
    "/categories",
    {
      schema: {
        tags,
        summary: "Add a category; names are unique regardless of case",
        body: CreateCategoryBody,
        response: { 201: CategoryJson, ...errorResponses },
      },
      config: { permission: "category:write" },
    },
    async (req, reply) => {
      const res = await clients.catalog.createCategory(
        { name: req.body.name, parentId: req.body.parentId ?? "" },
        asCaller(req),
      );
      return reply.code(201).send(categoryJson(present(res.category, "the created category")));
    },
  );
};
