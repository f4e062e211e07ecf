import { describe, expect, it } from "vitest";
import { testDialects, useTestDatabase } from "@bookstore/platform/testing";
import { KyselySessionRepository } from "./kysely-session-repository.js";
import { migrationsFor } from "./migrations.js";
import type { UserDb } from "./schema.js";
import { aSession, testIds } from "./test-fixtures.js";

describe.each(testDialects)("session repository on %s", (dialect) => {
  const t = useTestDatabase<UserDb>(dialect, "user", migrationsFor);
  const repo = () => new KyselySessionRepository(t.db.db);

  it("finds a session by its token hash", async () => {
    const s = aSession(testIds.next());
    await repo().insert(s);
    expect(await repo().byTokenHash(s.tokenHash)).toEqual(s);
    expect(await repo().byTokenHash("f".repeat(64))).toBeUndefined();
  });

  it("revokes a live session once: the second attempt reports it was already revoked", async () => {
    const s = aSession(testIds.next());
    await repo().insert(s);
    expect(await repo().revoke(s.id, 5_000)).toBe(true);
    expect(await repo().revoke(s.id, 6_000)).toBe(false);
    expect((await repo().byTokenHash(s.tokenHash))?.revokedAtMs).toBe(5_000);
  });

  it("revokes a whole family, leaving other families and users alone", async () => {
    const userId = testIds.next();
    const first = aSession(userId);
    const rotated = aSession(userId, { familyId: first.familyId });
    const otherLogin = aSession(userId);
    for (const s of [first, rotated, otherLogin]) await repo().insert(s);
    await repo().revokeFamily(first.familyId, 7_000);
    expect((await repo().byTokenHash(first.tokenHash))?.revokedAtMs).toBe(7_000);
    expect((await repo().byTokenHash(rotated.tokenHash))?.revokedAtMs).toBe(7_000);
    expect((await repo().byTokenHash(otherLogin.tokenHash))?.revokedAtMs).toBeNull();
    await repo().revokeAllOfUser(userId, 8_000);
    expect((await repo().byTokenHash(otherLogin.tokenHash))?.revokedAtMs).toBe(8_000);
    // Already revoked ones keep their first revocation time.
    expect((await repo().byTokenHash(first.tokenHash))?.revokedAtMs).toBe(7_000);
  });

  it("keeps token hashes unique", async () => {
    const s = aSession(testIds.next());
    await repo().insert(s);
    await expect(repo().insert(aSession(testIds.next(), { tokenHash: s.tokenHash }))).rejects.toThrow();
  });
});
