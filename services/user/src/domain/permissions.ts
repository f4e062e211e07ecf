import type { Role } from "./user.js";

/**
 * What each role may do (DESIGN.md "Roles"); wildcards as platform/rpc hasPermission reads them.
 * Customers get nothing here: they act on their own resources, which the services check by owner.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly string[]>> = {
  admin: ["*"],
  editor: ["book:*", "category:*", "inventory:*", "listing:*"],
  viewer: ["*:read"],
  customer: [],
};

export const permissionsFor = (role: Role): readonly string[] => ROLE_PERMISSIONS[role];
