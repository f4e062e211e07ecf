import { verifyAccessToken } from "../plugins/auth.js";

export interface LiveIdentity {
  userId: string;
  /** When the access token stops being valid (ms since epoch): the socket is closed with 4401 then. */
  expiresAtMs: number;
}

/**
 * The REST auth plugin's token check (verifyAccessToken). A live socket additionally needs `exp`, because the
 * connection outlives one request and is closed when the token expires. Undefined for any invalid token: the reason
 * is not told to the client.
 */
export function accessTokenVerifier(jwtSecret: string): (token: string) => Promise<LiveIdentity | undefined> {
  const key = new TextEncoder().encode(jwtSecret);
  return async (token) => {
    try {
      const { userId, expiresAtMs } = await verifyAccessToken(key, token);
      return expiresAtMs === undefined ? undefined : { userId, expiresAtMs };
    } catch {
      // jose throws for every kind of bad token (signature, expiry, claims); all of them mean "not authenticated".
      return undefined;
    }
  };
}
