import { Snowflake } from "@bookstore/platform/ids";
import type { Address } from "../domain/address.js";
import type { Coupon } from "../domain/coupon.js";
import type { Session } from "../domain/session.js";
import type { User } from "../domain/user.js";

/** Rows for repository tests: every call makes fresh ids and names, so tests never share data. */
export const testIds = new Snowflake(1023);

let counter = 0;
export const uniqueName = (prefix = "u"): string =>
  `${prefix}${process.pid}_${++counter}_${Math.floor(Math.random() * 1e6)}`;

export function aUser(overrides: Partial<User> = {}): User {
  const username = overrides.username ?? uniqueName();
  return {
    id: testIds.next(),
    username,
    email: `${username.toLowerCase()}@example.test`,
    role: "customer",
    disabled: false,
    passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
    createdAtMs: 1_700_000_000_000,
    updatedAtMs: 1_700_000_000_000,
    ...overrides,
  };
}

export function aSession(userId: string, overrides: Partial<Session> = {}): Session {
  const id = testIds.next();
  return {
    id,
    familyId: id,
    userId,
    tokenHash: `${uniqueName("h")}`.padEnd(64, "0").slice(0, 64),
    createdAtMs: 1_000,
    expiresAtMs: 10_000_000_000_000,
    revokedAtMs: null,
    ...overrides,
  };
}

export function anAddress(userId: string, overrides: Partial<Address> = {}): Address {
  return {
    id: testIds.next(),
    userId,
    recipient: "Li Lei",
    phone: "13800000000",
    region: "Beijing",
    line1: "1 Chang'an Ave",
    postalCode: "100000",
    isDefault: false,
    createdAtMs: 1_000,
    updatedAtMs: 1_000,
    ...overrides,
  };
}

export function aCoupon(userId: string, overrides: Partial<Coupon> = {}): Coupon {
  return {
    id: testIds.next(),
    userId,
    discountCents: 500,
    minOrderCents: 0,
    status: "available",
    expiresAtMs: null,
    orderId: null,
    createdAtMs: 1_000,
    updatedAtMs: 1_000,
    ...overrides,
  };
}
