import { describe, expect, it } from "vitest";
import { judgeSession, type Session } from "./session.js";

const session: Session = {
  id: "1",
  familyId: "1",
  userId: "7",
  tokenHash: "h",
  createdAtMs: 1_000,
  expiresAtMs: 5_000,
  revokedAtMs: null,
};

describe("presenting a refresh token", () => {
  it("is usable while live", () => expect(judgeSession(session, 4_999)).toBe("usable"));
  it("is unknown without a session", () => expect(judgeSession(undefined, 0)).toBe("unknown"));
  it("is expired at its expiry", () => expect(judgeSession(session, 5_000)).toBe("expired"));
  it("is reuse once revoked, even if expired too", () =>
    expect(judgeSession({ ...session, revokedAtMs: 2_000 }, 9_000)).toBe("reused"));
});
