import { describe, expect, it } from "vitest";
import { Argon2PasswordHasher } from "./argon2-password-hasher.js";

describe("Argon2PasswordHasher", () => {
  const hasher = new Argon2PasswordHasher();

  it("hashes with argon2id, salted, and verifies only the right password", async () => {
    const a = await hasher.hash("correct horse");
    const b = await hasher.hash("correct horse");
    expect(a).toMatch(/^\$argon2id\$/);
    expect(a).not.toBe(b);
    expect(await hasher.verify(a, "correct horse")).toBe(true);
    expect(await hasher.verify(a, "wrong horse")).toBe(false);
  });

  it("fails loudly on a corrupt stored hash instead of reading it as a wrong password", async () => {
    await expect(hasher.verify("not-a-hash", "x")).rejects.toThrow(/could not be verified/);
  });
});
