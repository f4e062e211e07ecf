import { describe, expect, it } from "vitest";
import { Reason } from "@bookstore/platform/errors";
import { checkPassword } from "./password-policy.js";

describe("password policy", () => {
  it.each(["12345678", "x".repeat(128), "密码密码密码密码"])("accepts %j", (p) =>
    expect(() => checkPassword(p)).not.toThrow(),
  );

  it.each(["", "1234567", "x".repeat(129)])("rejects a password of %#", (p) => {
    expect(() => checkPassword(p)).toThrow(expect.objectContaining({ reason: Reason.VALIDATION_FAILED }));
  });

  it("counts characters, not UTF-16 units", () => {
    expect(() => checkPassword("😀".repeat(8))).not.toThrow();
    expect(() => checkPassword("😀".repeat(100))).not.toThrow();
  });
});
