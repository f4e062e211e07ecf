import type { Kysely } from "kysely";
import type { Session } from "../domain/session.js";
import type { SessionRepository } from "../domain/session-repository.js";
import { sessionFromRow, sessionToRow } from "./session-mapping.js";
import type { UserDb } from "./schema.js";

export class KyselySessionRepository implements SessionRepository {
  constructor(private readonly db: Kysely<UserDb>) {}

  async insert(session: Session): Promise<void> {
    await this.db.insertInto("sessions").values(sessionToRow(session)).execute();
  }

  async byTokenHash(tokenHash: string): Promise<Session | undefined> {
    const row = await this.db.selectFrom("sessions").selectAll().where("token_hash", "=", tokenHash).executeTakeFirst();
    return row && sessionFromRow(row);
  }

  async revoke(id: string, nowMs: number): Promise<boolean> {
    const r = await this.db
      .updateTable("sessions")
      .set({ revoked_at: nowMs })
      .where("id", "=", id)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    return r.numUpdatedRows === 1n;
  }

  async revokeFamily(familyId: string, nowMs: number): Promise<void> {
    await this.db
      .updateTable("sessions")
      .set({ revoked_at: nowMs })
      .where("family_id", "=", familyId)
      .where("revoked_at", "is", null)
      .execute();
  }

  async revokeAllOfUser(userId: string, nowMs: number): Promise<void> {
    await this.db
      .updateTable("sessions")
      .set({ revoked_at: nowMs })
      .where("user_id", "=", userId)
      .where("revoked_at", "is", null)
      .execute();
  }
}
