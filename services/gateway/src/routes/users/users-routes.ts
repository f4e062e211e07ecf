import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { GatewayDeps } from "../../gateway-deps.js";
import { asCaller } from "../../plugins/auth.js";
import { errorResponses, IdParams, Page, PageQuery, strictObject } from "../../schemas/common.js";
import { callerId } from "./caller-id.js";
import { UserJson, userJson } from "./user-json.js";

const UpdateUserBody = strictObject({
  role: Type.Optional(
    Type.Union([Type.Literal("admin"), Type.Literal("editor"), Type.Literal("viewer"), Type.Literal("customer")]),
  ),
  email: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })),
  disabled: Type.Optional(Type.Boolean({ description: "a disabled user cannot sign in; their sessions end" })),
});

export const usersRoutes: FastifyPluginAsyncTypebox<GatewayDeps> = async (app, deps) => {
  const users = deps.clients.user;

  app.get(
    "/users/me",
    {
      schema: { tags: ["users"], summary: "The signed-in user", response: { 200: UserJson, ...errorResponses } },
      config: { permission: "self" },
    },
    async (req) => userJson((await users.getUser({ id: callerId(req) }, asCaller(req))).user),
  );

  app.get(
    "/users",
    {
      schema: {
        tags: ["users"],
        summary: "All users, oldest first",
        querystring: strictObject(PageQuery),
        response: { 200: Page(UserJson), ...errorResponses },
      },
      config: { permission: "user:read" },
    },
    async (req) => {
      const page = req.query.page ?? 1;
      const size = req.query.size ?? 20;
      const res = await users.listUsers({ page, size }, asCaller(req));
      return { items: res.users.map(userJson), page, size, total: res.total };
    },
  );

  app.get(
    "/users/:id",
    {
      schema: {
        tags: ["users"],
        summary: "One user",
        params: IdParams,
        response: { 200: UserJson, ...errorResponses },
      },
      config: { permission: "user:read" },
    },
    async (req) => userJson((await users.getUser({ id: req.params.id }, asCaller(req))).user),
  );

  app.patch(
    "/users/:id",
    {
      schema: {
        tags: ["users"],
        summary: "Change a user's role, email or disabled flag",
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: UserJson, ...errorResponses },
      },
      config: { permission: "user:update" },
    },
    async (req) => userJson((await users.updateUser({ id: req.params.id, ...req.body }, asCaller(req))).user),
  );
};
