import { SignJWT } from "jose";
import type { AccessTokenIssuer, AccessTokenSubject } from "../domain/access-token-issuer.js";

export const TOKEN_ISSUER = "bookstore";
export const ACCESS_TOKEN_TYPE = "at+jwt";

/** HS256 access tokens exactly as the gateway's auth plugin verifies them (issuer, typ, sub/role/perms). */
export class JwtAccessTokenIssuer implements AccessTokenIssuer {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    if (!secret) throw new Error("auth.jwtSecret is empty: the user service cannot sign access tokens");
    this.key = new TextEncoder().encode(secret);
  }

  async issue(subject: AccessTokenSubject, now: Date): Promise<{ token: string; expiresInSeconds: number }> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const token = await new SignJWT({ role: subject.role, perms: [...subject.permissions] })
      .setProtectedHeader({ alg: "HS256", typ: ACCESS_TOKEN_TYPE })
      .setSubject(subject.userId)
      .setIssuer(TOKEN_ISSUER)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.ttlSeconds)
      .sign(this.key);
    return { token, expiresInSeconds: this.ttlSeconds };
  }
}
