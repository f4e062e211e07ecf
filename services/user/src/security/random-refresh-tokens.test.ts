import { describe, expect, it } from "vitest";
import { RandomRefreshTokens } from "./random-refresh-tokens.js";

describe("RandomRefreshTokens", () => {
  const tokens = new RandomRefreshTokens();

  it("creates 32 random bytes as base64url and stores only their SHA-256", () => {
    const a = tokens.create();
    const b = tokens.create();
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.token).not.toBe(b.token);
    expect(tokens.hashOf(a.token)).toBe(a.hash);
  });
});
