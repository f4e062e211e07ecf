import { jwtVerify } from "jose";

export interface LiveIdentity {
  userId: string;
  /** When the access token stops being valid (ms since epoch): the socket is closed with 4401 then. */
  expiresAtMs: number;
}

/**
 * Verifies an access token with the same rules as the REST auth plugin (HS256, issuer "bookstore", typ at+jwt,
 * sub/role/perms claims). A live socket additionally needs `exp`, because the connection outlives one request and is
 * closed when the token expires. Undefined for any invalid token: the reason is not told to the client.
 */
export function accessTokenVerifier(jwtSecret: string): (token: string) => Promise<LiveIdentity | undefined> {
  const key = new TextEncoder().encode(jwtSecret);
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, key, { algorithms: ["HS256"], issuer: "bookstore", typ: "at+jwt" });
      const { sub, exp } = payload;
      if (typeof sub !== "string" || typeof payload["role"] !== "string" || !Array.isArray(payload["perms"])) return undefined;
      if (typeof exp !== "number") return undefined;
      return { userId: sub, expiresAtMs: exp * 1000 };
    } catch {
      // jose throws for every kind of bad token (signature, expiry, claims); all of them mean "not authenticated".
      return undefined;
    }
  };
}
