import type { Clock } from "./clock.js";
import { invalidRefreshToken } from "./errors.js";
import type { RefreshTokenSource } from "./refresh-token-source.js";
import { judgeSession } from "./session.js";
import type { IssuedTokens, TokenIssuer } from "./token-issuer.js";
import type { User } from "./user.js";
import type { UserStore } from "./user-store.js";

type Outcome = { ok: true; user: User; tokens: IssuedTokens } | { ok: false };

/**
 * Rotation: a refresh token works once and is replaced by a new pair. A token presented again after
 * rotation means two parties hold it, so the whole family (every token of that login) is revoked.
 */
export class RefreshSession {
  constructor(
    private readonly deps: { store: UserStore; refresh: RefreshTokenSource; tokens: TokenIssuer; clock: Clock },
  ) {}

  async execute(input: { refreshToken: string }): Promise<{ user: User; tokens: IssuedTokens }> {
    const now = this.deps.clock.now();
    const nowMs = now.getTime();
    const hash = this.deps.refresh.hashOf(input.refreshToken);
    // Revocations must commit even though the caller gets a 401, so the transaction returns a verdict
    // and the error is raised after it.
    const outcome = await this.deps.store.transaction(async ({ sessions, users }): Promise<Outcome> => {
      const session = await sessions.byTokenHash(hash);
      const verdict = judgeSession(session, nowMs);
      if (!session || verdict === "unknown" || verdict === "expired") return { ok: false };
      if (verdict === "reused") {
        await sessions.revokeFamily(session.familyId, nowMs);
        return { ok: false };
      }
      const user = await users.byId(session.userId);
      // A concurrent refresh with the same token won the conditional update: treat it as reuse too.
      if (!user || user.disabled || !(await sessions.revoke(session.id, nowMs))) {
        await sessions.revokeFamily(session.familyId, nowMs);
        return { ok: false };
      }
      return { ok: true, user, tokens: await this.deps.tokens.issue(sessions, user, now, session.familyId) };
    });
    if (!outcome.ok) throw invalidRefreshToken();
    return { user: outcome.user, tokens: outcome.tokens };
  }
}
