import fp from "fastify-plugin";
import { jwtVerify } from "jose";
import type { FastifyRequest } from "fastify";
import { forbidden, unauthenticated } from "@bookstore/platform/errors";
import { callerHeaders, hasPermission, type Caller } from "@bookstore/platform/rpc";

/**
 * "public": anyone; "self": any signed-in user, acting on their own resources (services check ownership);
 * anything else is a permission such as "book:write" that the token must grant (wildcards allowed).
 */
export type RoutePermission = "public" | "self" | `${string}:${string}`;

declare module "fastify" {
  interface FastifyContextConfig {
    permission?: RoutePermission;
  }
  interface FastifyRequest {
    caller: Caller | undefined;
  }
}

/** Headers that carry the caller to the services (see platform/rpc/caller.ts). */
export const asCaller = (req: FastifyRequest): { headers: Record<string, string> } => ({ headers: callerHeaders(req.caller) });

/** A verified access token: who calls, and when the token stops being valid (ms since epoch, if it says). */
export interface AccessToken extends Caller {
  expiresAtMs: number | undefined;
}

/**
 * The one check of an access token (REST requests and /ws sockets): HS256 with our key, issuer "bookstore",
 * typ at+jwt, and sub/role/perms claims of the right types. Throws for any bad token.
 */
export async function verifyAccessToken(key: Uint8Array, token: string): Promise<AccessToken> {
  const { payload } = await jwtVerify(token, key, { algorithms: ["HS256"], issuer: "bookstore", typ: "at+jwt" });
  const perms = payload["perms"];
  const role = payload["role"];
  if (typeof payload.sub !== "string" || typeof role !== "string" || !Array.isArray(perms)) throw new Error("claims");
  return {
    userId: payload.sub,
    role,
    permissions: perms.filter((p): p is string => typeof p === "string"),
    expiresAtMs: typeof payload.exp === "number" ? payload.exp * 1000 : undefined,
  };
}

export const authPlugin = fp<{ jwtSecret: string }>(
  async (app, opts) => {
    const key = new TextEncoder().encode(opts.jwtSecret);
    app.decorateRequest("caller", undefined);

    // Every API route must say who may call it; a forgotten one fails at startup, not in production.
    app.addHook("onRoute", (route) => {
      if (!route.url.startsWith("/api/")) return;
      if (!route.config?.permission) throw new Error(`route ${route.method} ${route.url} declares no permission`);
    });

    const verify = async (header: string | undefined): Promise<Caller | undefined> => {
      if (!header) return undefined;
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1]) throw unauthenticated("malformed Authorization header");
      try {
        const { userId, role, permissions } = await verifyAccessToken(key, match[1]);
        return { userId, role, permissions };
      } catch {
        throw unauthenticated("invalid or expired access token");
      }
    };

    app.addHook("preHandler", async (req) => {
      const permission = req.routeOptions.config.permission;
      if (permission === undefined) return;
      if (permission === "public") {
        // A bad token on a public route is ignored rather than failing a page anyone may see.
        req.caller = await verify(req.headers.authorization).catch(() => undefined);
        return;
      }
      const caller = await verify(req.headers.authorization);
      if (!caller) throw unauthenticated();
      req.caller = caller;
      if (permission !== "self" && !hasPermission(caller.permissions, permission))
        throw forbidden("permission denied", { permission });
    });
  },
  { name: "auth" },
);
