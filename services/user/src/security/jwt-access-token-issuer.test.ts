import { describe, expect, it } from "vitest";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { JwtAccessTokenIssuer } from "./jwt-access-token-issuer.js";

const secret = "s".repeat(32);

describe("JwtAccessTokenIssuer", () => {
  it("signs what the gateway verifies: HS256, issuer bookstore, typ at+jwt, sub/role/perms, exp = ttl", async () => {
    const now = new Date();
    const { token, expiresInSeconds } = await new JwtAccessTokenIssuer(secret, 900).issue(
      { userId: "123", role: "editor", permissions: ["book:*", "category:*"] },
      now,
    );
    expect(expiresInSeconds).toBe(900);
    expect(decodeProtectedHeader(token)).toEqual({ alg: "HS256", typ: "at+jwt" });
    // The same options as services/gateway/src/plugins/auth.ts.
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ["HS256"],
      issuer: "bookstore",
      typ: "at+jwt",
    });
    expect(payload).toMatchObject({ sub: "123", role: "editor", perms: ["book:*", "category:*"] });
    expect(payload.exp! - payload.iat!).toBe(900);
  });

  it("refuses to start without a secret", () => {
    expect(() => new JwtAccessTokenIssuer("", 900)).toThrow(/jwtSecret/);
  });
});
