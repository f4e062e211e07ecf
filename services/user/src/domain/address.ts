import { badField } from "./errors.js";

export interface Address {
  readonly id: string;
  readonly userId: string;
  readonly recipient: string;
  readonly phone: string;
  readonly region: string;
  readonly line1: string;
  /** Empty when the region has none. */
  readonly postalCode: string;
  readonly isDefault: boolean;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

export interface AddressFields {
  recipient: string;
  phone: string;
  region: string;
  line1: string;
  postalCode: string;
}

export const MAX_ADDRESSES_PER_USER = 20;

/** Maximum lengths in characters; the gateway schemas and the columns use the same numbers. */
export const ADDRESS_MAX_LENGTH: Readonly<Record<keyof AddressFields, number>> = {
  recipient: 64,
  phone: 32,
  region: 128,
  line1: 255,
  postalCode: 16,
};

const PHONE = /^\+?[0-9][0-9 ()-]{2,31}$/;
const POSTAL_CODE = /^[A-Za-z0-9 -]*$/;

/** Trims and checks the fields present; a partial patch is checked field by field. */
export function checkAddressFields<T extends { [K in keyof AddressFields]?: string | undefined }>(fields: T): T {
  const out: { [K in keyof AddressFields]?: string } = {};
  for (const key of Object.keys(ADDRESS_MAX_LENGTH) as (keyof AddressFields)[]) {
    const raw = fields[key];
    if (raw === undefined) continue;
    const value = raw.trim();
    if (key !== "postalCode" && value.length === 0) throw badField(key, "must not be blank");
    if ([...value].length > ADDRESS_MAX_LENGTH[key])
      throw badField(key, "is too long", { max: ADDRESS_MAX_LENGTH[key] });
    if (key === "phone" && !PHONE.test(value)) throw badField(key, "is not a phone number");
    if (key === "postalCode" && !POSTAL_CODE.test(value))
      throw badField(key, "may hold only letters, digits, spaces and '-'");
    out[key] = value;
  }
  return { ...fields, ...out };
}
