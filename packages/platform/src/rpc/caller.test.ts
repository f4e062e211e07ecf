import { describe, expect, it } from "vitest";
import { callerFromHeaders, callerHeaders, hasPermission } from "./caller.js";

describe("permissions", () => {
  it.each([
    [["*"], "order:write", true],
    [["book:*"], "book:write", true],
    [["book:*"], "category:write", false],
    [["*:read"], "user:read", true],
    [["*:read"], "user:update", false],
    [["user:read"], "user:read", true],
    [[], "book:read", false],
  ])("%j grants %s: %s", (granted, wanted, expected) => {
    expect(hasPermission(granted, wanted)).toBe(expected);
  });

  it("round-trips the caller through headers", () => {
    const caller = { userId: "42", role: "editor", permissions: ["book:*", "category:*"] };
    expect(callerFromHeaders(new Headers(callerHeaders(caller)))).toEqual(caller);
    expect(callerFromHeaders(new Headers())).toBeUndefined();
  });
});
