import type { AccessTokenIssuer } from "./access-token-issuer.js";
import type { Ids } from "./clock.js";
import { permissionsFor } from "./permissions.js";
import type { RefreshTokenSource } from "./refresh-token-source.js";
import type { SessionRepository } from "./session-repository.js";
import type { User } from "./user.js";

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  /** Access token lifetime in seconds. */
  expiresIn: number;
}

/** Opens a session (a stored refresh-token hash) and signs the access token that goes with it. */
export class TokenIssuer {
  constructor(
    private readonly deps: {
      access: AccessTokenIssuer;
      refresh: RefreshTokenSource;
      ids: Ids;
      refreshTtlSeconds: number;
    },
  ) {}

  /** `familyId` continues a rotated login; without it a new login starts its own family. */
  async issue(sessions: SessionRepository, user: User, now: Date, familyId?: string): Promise<IssuedTokens> {
    const { token, hash } = this.deps.refresh.create();
    const id = this.deps.ids.next();
    const nowMs = now.getTime();
    await sessions.insert({
      id,
      familyId: familyId ?? id,
      userId: user.id,
      tokenHash: hash,
      createdAtMs: nowMs,
      expiresAtMs: nowMs + this.deps.refreshTtlSeconds * 1000,
      revokedAtMs: null,
    });
    const access = await this.deps.access.issue(
      { userId: user.id, role: user.role, permissions: permissionsFor(user.role) },
      now,
    );
    return { accessToken: access.token, refreshToken: token, expiresIn: access.expiresInSeconds };
  }
}
