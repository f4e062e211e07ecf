import { createContextKey, type HandlerContext } from "@connectrpc/connect";
import { forbidden, unauthenticated } from "../errors/index.js";

/** Who a request is for. The gateway verifies the JWT and forwards this; services check ownership with it. */
export interface Caller {
  userId: string;
  role: string;
  permissions: readonly string[];
}

const ID = "x-caller-id";
const ROLE = "x-caller-role";
const PERMS = "x-caller-permissions";

export const callerKey = createContextKey<Caller | undefined>(undefined, { description: "authenticated caller" });

export function callerHeaders(caller: Caller | undefined): Record<string, string> {
  if (!caller) return {};
  return { [ID]: caller.userId, [ROLE]: caller.role, [PERMS]: caller.permissions.join(" ") };
}

export function callerFromHeaders(h: Headers): Caller | undefined {
  const userId = h.get(ID);
  if (!userId) return undefined;
  const perms = h.get(PERMS) ?? "";
  return { userId, role: h.get(ROLE) ?? "", permissions: perms ? perms.split(" ") : [] };
}

/** `*` matches all; `book:*` any action on books; `*:read` reading anything. */
export function hasPermission(granted: readonly string[], wanted: string): boolean {
  const [resource, action] = wanted.split(":");
  return granted.some((g) => {
    if (g === "*" || g === wanted) return true;
    const [gr, ga] = g.split(":");
    return (gr === "*" || gr === resource) && (ga === "*" || ga === action);
  });
}

export function requireCaller(ctx: HandlerContext): Caller {
  const caller = ctx.values.get(callerKey);
  if (!caller) throw unauthenticated();
  return caller;
}

/** The caller may act on `ownerId`'s resources: as the owner, or as staff holding `permission`. */
export function requireOwnerOr(ctx: HandlerContext, ownerId: string, permission: string): Caller {
  const caller = requireCaller(ctx);
  if (caller.userId !== ownerId && !hasPermission(caller.permissions, permission)) throw forbidden();
  return caller;
}

export function requirePermission(ctx: HandlerContext, permission: string): Caller {
  const caller = requireCaller(ctx);
  if (!hasPermission(caller.permissions, permission)) throw forbidden("permission denied", { permission });
  return caller;
}
