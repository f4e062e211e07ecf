import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { fromConnectError, rateLimited, Reason, validationFailed } from "@bookstore/platform/errors";
import type { GatewayDeps } from "../../gateway-deps.js";
import { asCaller } from "../../plugins/auth.js";
import { errorResponses } from "../../schemas/common.js";
import { userJson } from "../users/user-json.js";
import { LoginBody, RefreshBody, RegisterBody, RegisterResponse, TokenResponse } from "./auth-schemas.js";
import { SlidingWindowLimiter } from "./sliding-window-limiter.js";
import { tokenJson } from "./token-json.js";

const HOUR_MS = 3_600_000;

export const authRoutes: FastifyPluginAsyncTypebox<GatewayDeps> = async (app, deps) => {
  const { auth } = deps.config;
  const users = deps.clients.user;
  // Abuse limits are the edge's job (DESIGN.md): failed logins per username + IP, sign-ups per IP.
  const loginFailures = new SlidingWindowLimiter({
    limit: auth.loginMaxFailures,
    windowMs: auth.loginWindowSeconds * 1000,
  });
  const registrations = new SlidingWindowLimiter({ limit: auth.registerPerHour, windowMs: HOUR_MS });

  app.post(
    "/auth/register",
    {
      schema: {
        tags: ["auth"],
        summary: "Create a customer account",
        body: RegisterBody,
        response: { 201: RegisterResponse, ...errorResponses },
      },
      config: { permission: "public" },
      onRequest: app.limits.auth,
    },
    async (req, reply) => {
      const wait = registrations.consume(req.ip);
      if (wait !== undefined) throw rateLimited(wait);
      const res = await users.register(req.body, asCaller(req));
      return reply.code(201).send({ user: userJson(res.user) });
    },
  );

  app.post(
    "/auth/login",
    {
      schema: {
        tags: ["auth"],
        summary: "Sign in with username or email",
        body: LoginBody,
        response: { 200: TokenResponse, ...errorResponses },
      },
      config: { permission: "public" },
      onRequest: app.limits.auth,
    },
    async (req) => {
      const { username, email, password } = req.body;
      const login = username ?? email;
      if (login === undefined || (username !== undefined && email !== undefined))
        throw validationFailed("send exactly one of username or email", { fields: ["username", "email"] });
      const key = `${login.trim().toLowerCase()}\u0000${req.ip}`;
      const wait = loginFailures.blockedFor(key);
      if (wait !== undefined) throw rateLimited(wait);
      try {
        const res = await users.login({ login, password }, asCaller(req));
        loginFailures.reset(key);
        return tokenJson(res);
      } catch (e) {
        // Peer failures may arrive wrapped by the RPC client; the platform reads the reason out of either form.
        if (fromConnectError(e).reason === Reason.UNAUTHENTICATED) loginFailures.record(key);
        throw e;
      }
    },
  );

  app.post(
    "/auth/refresh",
    {
      schema: {
        tags: ["auth"],
        summary: "Trade a refresh token for a new pair (the old one stops working)",
        body: RefreshBody,
        response: { 200: TokenResponse, ...errorResponses },
      },
      config: { permission: "public" },
      onRequest: app.limits.auth,
    },
    async (req) => tokenJson(await users.refresh({ refreshToken: req.body.refreshToken }, asCaller(req))),
  );

  app.post(
    "/auth/logout",
    {
      schema: {
        tags: ["auth"],
        summary: "Revoke a refresh token and the login it belongs to",
        body: RefreshBody,
        response: { 204: Type.Null(), ...errorResponses },
      },
      config: { permission: "public" },
      onRequest: app.limits.auth,
    },
    async (req, reply) => {
      await users.logout({ refreshToken: req.body.refreshToken }, asCaller(req));
      return reply.code(204).send(null);
    },
  );
};
