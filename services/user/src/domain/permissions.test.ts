import { describe, expect, it } from "vitest";
import { permissionsFor } from "./permissions.js";

describe("role permissions (DESIGN.md Roles)", () => {
  it.each([
    ["admin", ["*"]],
    ["editor", ["book:*", "category:*", "inventory:*", "listing:*"]],
    ["viewer", ["*:read"]],
    ["customer", []],
  ] as const)("%s → %j", (role, perms) => expect(permissionsFor(role)).toEqual(perms));
});
