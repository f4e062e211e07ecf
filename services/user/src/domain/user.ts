import { badEmail, badRole, badUsername } from "./errors.js";

export const ROLES = ["admin", "editor", "viewer", "customer"] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);

export interface User {
  readonly id: string;
  /** As registered; uniqueness and login ignore case. */
  readonly username: string;
  /** Stored lower-cased (see normalizeEmail). */
  readonly email: string;
  readonly role: Role;
  readonly disabled: boolean;
  /** argon2id PHC string; never leaves the service. */
  readonly passwordHash: string;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

const USERNAME = /^[a-zA-Z0-9_.-]{3,32}$/;
// Deliberately loose: the only proof an address works is mail reaching it; this catches typos like a missing '@'.
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;
export const EMAIL_MAX = 254;

export function checkUsername(username: string): string {
  if (!USERNAME.test(username)) throw badUsername();
  return username;
}

/** Usernames are unique regardless of case, the same on SQLite (case-sensitive) and MySQL (case-insensitive). */
export const usernameKey = (username: string): string => username.toLowerCase();

/** Emails compare case-insensitively in practice; storing them lower-cased keeps the unique index honest. */
export function normalizeEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (e.length > EMAIL_MAX || !EMAIL.test(e)) throw badEmail();
  return e;
}

export function checkRole(role: string): Role {
  if (!isRole(role)) throw badRole(role);
  return role;
}

/** Usernames cannot contain '@', so a login holding one is an email. */
export const isEmailLogin = (login: string): boolean => login.includes("@");
