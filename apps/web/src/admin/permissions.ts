/**
 * The permissions in the access token's `perms` claim, for showing or hiding controls only: the gateway checks
 * every call itself, so a hidden button is a courtesy, never the protection.
 */
export function permissionsOf(accessToken: string): string[] {
  const payload = accessToken.split(".")[1];
  if (!payload) return [];
  try {
    const json: unknown = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
    const perms = (json as { perms?: unknown }).perms;
    return Array.isArray(perms) ? perms.filter((p): p is string => typeof p === "string") : [];
  } catch (e) {
    console.warn("unreadable access token", e);
    return [];
  }
}

/** "book:write" is granted by "*", "book:*", "*:write" or itself (the gateway's wildcard rules). */
export function can(perms: readonly string[], needed: string): boolean {
  const [resource, action] = needed.split(":");
  return perms.some((p) => p === "*" || p === needed || p === `${resource}:*` || p === `*:${action}`);
}
