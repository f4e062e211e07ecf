import { describe, expect, it } from "vitest";
import { Reason } from "@bookstore/platform/errors";
import { checkRole, checkUsername, isEmailLogin, normalizeEmail, usernameKey } from "./user.js";

describe("usernames", () => {
  it.each(["abc", "Alice_01", "a.b-c", "x".repeat(32)])("accepts %s", (u) => expect(checkUsername(u)).toBe(u));

  it.each(["ab", "x".repeat(33), "has space", "a@b", "名字abc", ""])("rejects %j with VALIDATION_FAILED", (u) => {
    expect(() => checkUsername(u)).toThrow(expect.objectContaining({ reason: Reason.VALIDATION_FAILED }));
  });

  it("compares without case", () => expect(usernameKey("Alice")).toBe(usernameKey("aLICE")));
});

describe("emails", () => {
  it("are trimmed and lower-cased", () => expect(normalizeEmail("  Bob@Example.COM ")).toBe("bob@example.com"));

  it.each(["no-at.example.com", "a@b", "a b@example.com", "@example.com", `${"a".repeat(250)}@example.com`])(
    "rejects %s",
    (e) => expect(() => normalizeEmail(e)).toThrow(expect.objectContaining({ reason: Reason.VALIDATION_FAILED })),
  );
});

describe("roles and logins", () => {
  it("knows the four roles", () => {
    expect(checkRole("editor")).toBe("editor");
    expect(() => checkRole("root")).toThrow(expect.objectContaining({ reason: Reason.VALIDATION_FAILED }));
  });

  it("reads a login with '@' as an email", () => {
    expect(isEmailLogin("bob@example.com")).toBe(true);
    expect(isEmailLogin("bob")).toBe(false);
  });
});
