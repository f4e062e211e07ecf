import { describe, expect, it } from "vitest";
import { Reason } from "@bookstore/platform/errors";
import { testDialects, useTestDatabase } from "@bookstore/platform/testing";
import { KyselyUserRepository } from "./kysely-user-repository.js";
import { migrationsFor } from "./migrations.js";
import type { UserDb } from "./schema.js";
import { aUser, uniqueName } from "./test-fixtures.js";

describe.each(testDialects)("user repository on %s", (dialect) => {
  const t = useTestDatabase<UserDb>(dialect, "user", migrationsFor);
  const repo = () => new KyselyUserRepository(t.db.db);
  const conflict = expect.objectContaining({ reason: Reason.CONFLICT });

  it("stores a user and reads it back by id, username (any case) and email", async () => {
    const user = aUser({ username: uniqueName("Mixed"), role: "editor", disabled: true });
    await repo().insert(user);
    expect(await repo().byId(user.id)).toEqual(user);
    expect(await repo().byUsername(user.username.toUpperCase())).toEqual(user);
    expect(await repo().byEmail(user.email)).toEqual(user);
    expect(await repo().byId("999")).toBeUndefined();
  });

  it("rejects a second user with the same username in another case", async () => {
    const first = aUser();
    await repo().insert(first);
    await expect(repo().insert(aUser({ username: first.username.toUpperCase() }))).rejects.toEqual(conflict);
  });

  it("rejects a second user with the same email", async () => {
    const first = aUser();
    await repo().insert(first);
    await expect(repo().insert(aUser({ email: first.email }))).rejects.toEqual(conflict);
  });

  it("updates role, email and disabled; a taken email is a conflict", async () => {
    const a = aUser();
    const b = aUser();
    await repo().insert(a);
    await repo().insert(b);
    const changed = {
      ...a,
      role: "viewer" as const,
      email: `${uniqueName()}@example.test`,
      disabled: true,
      updatedAtMs: a.updatedAtMs + 1,
    };
    await repo().update(changed);
    expect(await repo().byId(a.id)).toEqual(changed);
    await expect(repo().update({ ...b, email: changed.email })).rejects.toEqual(conflict);
  });

  it("lists oldest first with the total", async () => {
    const before = await repo().count();
    const made = [aUser(), aUser(), aUser()];
    for (const u of made) await repo().insert(u);
    const page = await repo().list({ offset: before, limit: 2 });
    expect(page.total).toBe(before + 3);
    expect(page.items.map((u) => u.id)).toEqual([made[0]!.id, made[1]!.id]);
  });
});
