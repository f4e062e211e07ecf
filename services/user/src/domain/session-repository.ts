import type { Session } from "./session.js";

export interface SessionRepository {
  insert(session: Session): Promise<void>;
  byTokenHash(tokenHash: string): Promise<Session | undefined>;
  /** Revokes one live session; false when it was already revoked (someone else used it first). */
  revoke(id: string, nowMs: number): Promise<boolean>;
  revokeFamily(familyId: string, nowMs: number): Promise<void>;
  revokeAllOfUser(userId: string, nowMs: number): Promise<void>;
}
