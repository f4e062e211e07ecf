import { describe, expect, it } from "vitest";
import { testDialects, useTestDatabase } from "@bookstore/platform/testing";
import { KyselyAddressRepository } from "./kysely-address-repository.js";
import { KyselyUserRepository } from "./kysely-user-repository.js";
import { migrationsFor } from "./migrations.js";
import type { UserDb } from "./schema.js";
import { aUser, anAddress } from "./test-fixtures.js";

describe.each(testDialects)("address repository on %s", (dialect) => {
  const t = useTestDatabase<UserDb>(dialect, "user", migrationsFor);
  const repo = () => new KyselyAddressRepository(t.db.db, dialect);
  const owner = async () => {
    const u = aUser();
    await new KyselyUserRepository(t.db.db).insert(u);
    return u.id;
  };

  it("stores addresses per owner: another user's id reads as absent and cannot be deleted", async () => {
    const me = await owner();
    const other = await owner();
    const a = anAddress(me);
    await repo().insert(a);
    expect(await repo().byId(me, a.id)).toEqual(a);
    expect(await repo().byId(other, a.id)).toBeUndefined();
    expect(await repo().delete(other, a.id)).toBe(false);
    expect(await repo().delete(me, a.id)).toBe(true);
    expect(await repo().byId(me, a.id)).toBeUndefined();
  });

  it("lists the default first, then newest first, and counts", async () => {
    const me = await owner();
    const older = anAddress(me, { isDefault: true });
    const newer = anAddress(me);
    const newest = anAddress(me);
    for (const a of [older, newer, newest]) await repo().insert(a);
    expect((await repo().listByUser(me)).map((a) => a.id)).toEqual([older.id, newest.id, newer.id]);
    expect(await repo().countByUser(me)).toBe(3);
  });

  it("clears the default flag and updates fields", async () => {
    const me = await owner();
    const a = anAddress(me, { isDefault: true });
    await repo().insert(a);
    await repo().clearDefault(me, 2_000);
    expect(await repo().byId(me, a.id)).toMatchObject({ isDefault: false, updatedAtMs: 2_000 });
    const changed = { ...a, recipient: "Han Meimei", postalCode: "", isDefault: true, updatedAtMs: 3_000 };
    await repo().update(changed);
    expect(await repo().byId(me, a.id)).toEqual(changed);
  });

  it("locks only owners that exist", async () => {
    const me = await owner();
    await t.db.db.transaction().execute(async (trx) => {
      const r = new KyselyAddressRepository(trx, dialect);
      expect(await r.lockOwner(me)).toBe(true);
      expect(await r.lockOwner("424242")).toBe(false);
    });
  });
});
