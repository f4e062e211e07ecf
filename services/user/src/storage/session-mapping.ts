import type { Insertable, Selectable } from "kysely";
import { toId, toNumber } from "@bookstore/platform/db";
import type { Session } from "../domain/session.js";
import type { SessionsTable } from "./schema.js";

export const sessionFromRow = (row: Selectable<SessionsTable>): Session => ({
  id: toId(row.id),
  familyId: toId(row.family_id),
  userId: toId(row.user_id),
  tokenHash: row.token_hash,
  createdAtMs: toNumber(row.created_at),
  expiresAtMs: toNumber(row.expires_at),
  revokedAtMs: row.revoked_at === null ? null : toNumber(row.revoked_at),
});

export const sessionToRow = (s: Session): Insertable<SessionsTable> => ({
  id: s.id,
  family_id: s.familyId,
  user_id: s.userId,
  token_hash: s.tokenHash,
  created_at: s.createdAtMs,
  expires_at: s.expiresAtMs,
  revoked_at: s.revokedAtMs,
});
