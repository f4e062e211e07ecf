import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBookstore, type TestBookstore } from "../support/bookstore.js";

const REGISTER_PER_HOUR = 20;
const name = (prefix = "a") => `${prefix}${randomUUID().replaceAll("-", "").slice(0, 12)}`;
const password = "correct-horse-battery";

describe("auth through the gateway", () => {
  let bs: TestBookstore;
  beforeAll(async () => {
    // Low limits so they can be reached quickly; each test keys its own username or client IP.
    bs = await startBookstore({
      env: { BOOKSTORE_AUTH__LOGIN_MAX_FAILURES: "3", BOOKSTORE_AUTH__REGISTER_PER_HOUR: String(REGISTER_PER_HOUR) },
    });
  });
  afterAll(() => bs.close());

  const register = (username: string, email = `${username}@example.test`, headers?: Record<string, string>) =>
    bs.request("POST", "/api/v1/auth/register", {
      body: { username, email, password },
      ...(headers ? { headers } : {}),
    });
  const login = (body: Record<string, unknown>, headers?: Record<string, string>) =>
    bs.request("POST", "/api/v1/auth/login", { body, ...(headers ? { headers } : {}) });

  it("registers a customer, signs in by username or email, and reads /users/me", async () => {
    const username = name("Reader");
    const reg = await register(username);
    expect(reg.status, reg.text).toBe(201);
    expect(Object.keys(reg.json.user).sort()).toEqual(["createdAt", "email", "id", "role", "username"]);
    expect(reg.json.user).toMatchObject({
      username,
      email: `${username.toLowerCase()}@example.test`,
      role: "customer",
    });
    expect(reg.json.user.id).toMatch(/^[1-9]\d*$/);
    expect(new Date(reg.json.user.createdAt).toISOString()).toBe(reg.json.user.createdAt);

    const byName = await login({ username, password });
    expect(byName.status, byName.text).toBe(200);
    expect(byName.json).toMatchObject({ tokenType: "Bearer", expiresIn: 900, user: reg.json.user });
    expect(typeof byName.json.accessToken).toBe("string");
    expect(typeof byName.json.refreshToken).toBe("string");

    const byEmail = await login({ email: `${username}@EXAMPLE.test`, password });
    expect(byEmail.status, byEmail.text).toBe(200);
    const emailInUsername = await login({ username: `${username}@example.test`, password });
    expect(emailInUsername.status, emailInUsername.text).toBe(200);

    const me = await bs.request("GET", "/api/v1/users/me", { token: byName.json.accessToken });
    expect(me.status).toBe(200);
    expect(me.json).toEqual(reg.json.user);
  });

  it("answers a taken username (in any case) or email with 409 CONFLICT", async () => {
    const username = name();
    expect((await register(username)).status).toBe(201);
    const sameName = await register(username.toUpperCase(), `${name()}@example.test`);
    expect(sameName.status).toBe(409);
    expect(sameName.json.error.code).toBe("CONFLICT");
    const sameEmail = await register(name(), `${username}@example.test`);
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.json.error.code).toBe("CONFLICT");
  });

  it("rejects bad sign-up and sign-in bodies with 400 VALIDATION_FAILED", async () => {
    const cases = [
      await bs.request("POST", "/api/v1/auth/register", { raw: '{"username": "x",' }),
      await bs.request("POST", "/api/v1/auth/register", {
        body: { username: name(), email: "a@example.test", password, role: "admin" },
      }),
      await bs.request("POST", "/api/v1/auth/register", {
        body: { username: name(), email: "a@example.test", password: 12345678 },
      }),
      await bs.request("POST", "/api/v1/auth/register", {
        body: { username: "no spaces allowed", email: "a@example.test", password },
      }),
      await bs.request("POST", "/api/v1/auth/register", {
        body: { username: name(), email: "not-an-email", password },
      }),
      await bs.request("POST", "/api/v1/auth/register", {
        body: { username: name(), email: "b@example.test", password: "short" },
      }),
      await login({ username: "admin", email: "admin@bookstore.example", password }),
      await login({ password }),
      await login({ username: ["admin"], password }),
      await bs.request("POST", "/api/v1/auth/refresh", { body: {} }),
    ];
    for (const res of cases) {
      expect(res.status, res.text).toBe(400);
      expect(res.json.error.code).toBe("VALIDATION_FAILED");
    }
  });

  it("fails a wrong password and an unknown user with the same 401", async () => {
    const username = name();
    await register(username);
    const wrong = await login({ username, password: "not-the-password" });
    const unknown = await login({ username: name("ghost"), password });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json).toEqual(unknown.json);
    expect(wrong.json.error.code).toBe("UNAUTHENTICATED");
  });

  it("limits failed logins per username and IP: 429 with Retry-After, other IPs unaffected", async () => {
    const username = name();
    await register(username);
    const ip = { "x-forwarded-for": "203.0.113.10" };
    for (let i = 0; i < 3; i++) expect((await login({ username, password: "wrong-password" }, ip)).status).toBe(401);
    const limited = await login({ username, password }, ip);
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe("RATE_LIMITED");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(limited.json.error.details.retryAfterSeconds).toBe(retryAfter);
    expect((await login({ username, password }, { "x-forwarded-for": "203.0.113.11" })).status).toBe(200);
  });

  it("limits sign-ups per IP per hour", async () => {
    const ip = { "x-forwarded-for": "198.51.100.20" };
    // Attempts count whether or not they succeed; invalid ones keep this test fast.
    for (let i = 0; i < REGISTER_PER_HOUR; i++) expect((await register("x", "bad", ip)).status).toBe(400);
    const limited = await register(name(), undefined, ip);
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe("RATE_LIMITED");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("rotates refresh tokens: the new pair works, the old refresh token gets 401 and ends the login", async () => {
    const user = await bs.newCustomer();
    const first = await bs.request("POST", "/api/v1/auth/refresh", { body: { refreshToken: user.refreshToken } });
    expect(first.status, first.text).toBe(200);
    expect(first.json).toMatchObject({ tokenType: "Bearer", user: { id: user.userId } });
    expect(first.json.refreshToken).not.toBe(user.refreshToken);
    expect((await bs.request("GET", "/api/v1/users/me", { token: first.json.accessToken })).status).toBe(200);

    const replay = await bs.request("POST", "/api/v1/auth/refresh", { body: { refreshToken: user.refreshToken } });
    expect(replay.status).toBe(401);
    expect(replay.json.error.code).toBe("UNAUTHENTICATED");
    // Reuse means the token leaked: the login it belonged to is over, including the newest token.
    expect(
      (await bs.request("POST", "/api/v1/auth/refresh", { body: { refreshToken: first.json.refreshToken } })).status,
    ).toBe(401);
  });

  it("logs out with 204; the refresh token stops working", async () => {
    const user = await bs.newCustomer();
    const out = await bs.request("POST", "/api/v1/auth/logout", { body: { refreshToken: user.refreshToken } });
    expect(out.status).toBe(204);
    expect(out.text).toBe("");
    expect(
      (await bs.request("POST", "/api/v1/auth/refresh", { body: { refreshToken: user.refreshToken } })).status,
    ).toBe(401);
    expect((await bs.request("POST", "/api/v1/auth/logout", { body: { refreshToken: "unknown-token" } })).status).toBe(
      204,
    );
  });

  it("answers /users/me without a token, or with a bad one, with 401", async () => {
    const none = await bs.request("GET", "/api/v1/users/me");
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe("UNAUTHENTICATED");
    expect((await bs.request("GET", "/api/v1/users/me", { token: "not.a.jwt" })).status).toBe(401);
  });
});
