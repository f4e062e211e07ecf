/**
 * One refresh token. Every token issued by rotating another shares its `familyId` (the first session's id),
 * so presenting a token that was already rotated away can end the whole login it came from.
 */
export interface Session {
  readonly id: string;
  readonly familyId: string;
  readonly userId: string;
  /** SHA-256 of the token, hex. */
  readonly tokenHash: string;
  readonly createdAtMs: number;
  readonly expiresAtMs: number;
  readonly revokedAtMs: number | null;
}

/** What presenting a refresh token means: use it, refuse it, or refuse it and end its family (theft suspected). */
export type SessionVerdict = "usable" | "unknown" | "expired" | "reused";

export function judgeSession(session: Session | undefined, nowMs: number): SessionVerdict {
  if (!session) return "unknown";
  if (session.revokedAtMs !== null) return "reused";
  if (session.expiresAtMs <= nowMs) return "expired";
  return "usable";
}
