import { describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import { Reason } from "@bookstore/platform/errors";
import { testDialects, useTestDatabase } from "@bookstore/platform/testing";
import { Login } from "../domain/login.js";
import { Logout } from "../domain/logout.js";
import { RefreshSession } from "../domain/refresh-session.js";
import { Register } from "../domain/register.js";
import { TokenIssuer } from "../domain/token-issuer.js";
import { UpdateUser } from "../domain/update-user.js";
import { Argon2PasswordHasher } from "../security/argon2-password-hasher.js";
import { JwtAccessTokenIssuer } from "../security/jwt-access-token-issuer.js";
import { RandomRefreshTokens } from "../security/random-refresh-tokens.js";
import { KyselyUserStore } from "./kysely-user-store.js";
import { migrationsFor } from "./migrations.js";
import type { UserDb } from "./schema.js";
import { testIds, uniqueName } from "./test-fixtures.js";

/** Register → login → refresh rotation → reuse detection → logout, against the real store. */
describe.each(testDialects)("sign-in use cases on %s", (dialect) => {
  const t = useTestDatabase<UserDb>(dialect, "user", migrationsFor);
  const clock = new FakeClock();
  const hasher = new Argon2PasswordHasher();
  const refresh = new RandomRefreshTokens();

  const useCases = () => {
    const store = new KyselyUserStore(t.db.db, t.db.dialect);
    const tokens = new TokenIssuer({
      access: new JwtAccessTokenIssuer("k".repeat(32), 900),
      refresh,
      ids: testIds,
      refreshTtlSeconds: 3600,
    });
    return {
      store,
      register: new Register({ store, hasher, clock, ids: testIds }),
      login: new Login({ store, hasher, tokens, clock }),
      refresh: new RefreshSession({ store, refresh, tokens, clock }),
      logout: new Logout({ store, refresh, clock }),
      updateUser: new UpdateUser({ store, clock }),
    };
  };
  const newUser = async () => {
    const username = uniqueName("User");
    const user = await useCases().register.execute({
      username,
      email: `${username}@Example.test`,
      password: "password-1",
    });
    return { username, user };
  };
  const unauthenticated = expect.objectContaining({ reason: Reason.UNAUTHENTICATED });

  it("registers a customer with a normalized email and an argon2id hash", async () => {
    const { username, user } = await newUser();
    expect(user).toMatchObject({
      username,
      email: `${username.toLowerCase()}@example.test`,
      role: "customer",
      disabled: false,
    });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("answers a taken username (any case) or email with CONFLICT naming the field", async () => {
    const { username } = await newUser();
    const uc = useCases();
    await expect(
      uc.register.execute({
        username: username.toLowerCase(),
        email: `${uniqueName()}@example.test`,
        password: "password-1",
      }),
    ).rejects.toEqual(
      expect.objectContaining({ reason: Reason.CONFLICT, details: expect.objectContaining({ field: "username" }) }),
    );
    await expect(
      uc.register.execute({ username: uniqueName(), email: `${username}@example.test`, password: "password-1" }),
    ).rejects.toEqual(expect.objectContaining({ reason: Reason.CONFLICT, details: { field: "email" } }));
  });

  it("logs in by username or email; wrong password, unknown user and disabled user fail alike", async () => {
    const { username, user } = await newUser();
    const uc = useCases();
    expect((await uc.login.execute({ login: username, password: "password-1" })).user.id).toBe(user.id);
    expect((await uc.login.execute({ login: user.email.toUpperCase(), password: "password-1" })).user.id).toBe(user.id);
    const failures = await Promise.allSettled([
      uc.login.execute({ login: username, password: "password-2" }),
      uc.login.execute({ login: uniqueName("nobody"), password: "password-1" }),
    ]);
    await uc.updateUser.execute({ userId: "1", staff: true }, { id: user.id, disabled: true });
    failures.push(...(await Promise.allSettled([uc.login.execute({ login: username, password: "password-1" })])));
    const messages = failures.map((f) => {
      expect(f.status).toBe("rejected");
      expect((f as PromiseRejectedResult).reason).toEqual(unauthenticated);
      return ((f as PromiseRejectedResult).reason as Error).message;
    });
    expect(new Set(messages).size).toBe(1);
  });

  it("rotates refresh tokens; reusing a rotated one ends the whole login", async () => {
    const { username } = await newUser();
    const uc = useCases();
    const first = await uc.login.execute({ login: username, password: "password-1" });
    const second = await uc.refresh.execute({ refreshToken: first.tokens.refreshToken });
    expect(second.tokens.refreshToken).not.toBe(first.tokens.refreshToken);
    // The old token again: theft suspected, so the newest token of that login dies too.
    await expect(uc.refresh.execute({ refreshToken: first.tokens.refreshToken })).rejects.toEqual(unauthenticated);
    await expect(uc.refresh.execute({ refreshToken: second.tokens.refreshToken })).rejects.toEqual(unauthenticated);
  });

  it("keeps other logins of the same user alive when one family is revoked", async () => {
    const { username } = await newUser();
    const uc = useCases();
    const phone = await uc.login.execute({ login: username, password: "password-1" });
    const laptop = await uc.login.execute({ login: username, password: "password-1" });
    await uc.logout.execute({ refreshToken: phone.tokens.refreshToken });
    await expect(uc.refresh.execute({ refreshToken: phone.tokens.refreshToken })).rejects.toEqual(unauthenticated);
    await expect(uc.refresh.execute({ refreshToken: laptop.tokens.refreshToken })).resolves.toBeDefined();
  });

  it("refuses expired refresh tokens and unknown ones; logout of an unknown token is a no-op", async () => {
    const { username } = await newUser();
    const uc = useCases();
    const { tokens } = await uc.login.execute({ login: username, password: "password-1" });
    await expect(uc.logout.execute({ refreshToken: "not-a-token" })).resolves.toBeUndefined();
    await expect(uc.refresh.execute({ refreshToken: "not-a-token" })).rejects.toEqual(unauthenticated);
    clock.advance(3600 * 1000);
    await expect(uc.refresh.execute({ refreshToken: tokens.refreshToken })).rejects.toEqual(unauthenticated);
  });

  it("ends every session when a user is disabled; an admin cannot disable or demote themselves", async () => {
    const { username, user } = await newUser();
    const uc = useCases();
    const { tokens } = await uc.login.execute({ login: username, password: "password-1" });
    await expect(
      uc.updateUser.execute({ userId: user.id, staff: true }, { id: user.id, disabled: true }),
    ).rejects.toEqual(expect.objectContaining({ reason: Reason.INVALID_STATE }));
    await expect(
      uc.updateUser.execute({ userId: user.id, staff: true }, { id: user.id, role: "viewer" }),
    ).rejects.toEqual(expect.objectContaining({ reason: Reason.INVALID_STATE }));
    const updated = await uc.updateUser.execute(
      { userId: "1", staff: true },
      { id: user.id, role: "editor", disabled: true },
    );
    expect(updated).toMatchObject({ role: "editor", disabled: true });
    await expect(uc.refresh.execute({ refreshToken: tokens.refreshToken })).rejects.toEqual(unauthenticated);
  });
});
