import type { Insertable, Selectable } from "kysely";
import { toBool, toId, toNumber } from "@bookstore/platform/db";
import { isRole, usernameKey, type Role, type User } from "../domain/user.js";
import type { UsersTable } from "./schema.js";

function roleFromRow(role: string): Role {
  if (!isRole(role)) throw new Error(`unknown role in the database: ${role}`);
  return role;
}

export const userFromRow = (row: Selectable<UsersTable>): User => ({
  id: toId(row.id),
  username: row.username,
  email: row.email,
  role: roleFromRow(row.role),
  disabled: toBool(row.disabled),
  passwordHash: row.password_hash,
  createdAtMs: toNumber(row.created_at),
  updatedAtMs: toNumber(row.updated_at),
});

export const userToRow = (user: User): Insertable<UsersTable> => ({
  id: user.id,
  username: user.username,
  username_key: usernameKey(user.username),
  email: user.email,
  password_hash: user.passwordHash,
  role: user.role,
  disabled: user.disabled ? 1 : 0,
  created_at: user.createdAtMs,
  updated_at: user.updatedAtMs,
});
