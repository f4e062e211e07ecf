import { Type, type Static } from "typebox";
import type { Address } from "@bookstore/contracts/user/v1/user";
import { strictObject, toIso } from "../../schemas/common.js";
import { present } from "./user-json.js";

export const AddressJson = strictObject({
  id: Type.String(),
  recipient: Type.String(),
  phone: Type.String(),
  region: Type.String(),
  line1: Type.String(),
  postalCode: Type.String(),
  isDefault: Type.Boolean(),
  createdAt: Type.String({ format: "date-time" }),
});
export type AddressJson = Static<typeof AddressJson>;

export const addressJson = (a: Address | undefined): AddressJson => {
  const address = present(a, "an address");
  return {
    id: address.id,
    recipient: address.recipient,
    phone: address.phone,
    region: address.region,
    line1: address.line1,
    postalCode: address.postalCode,
    isDefault: address.isDefault,
    createdAt: toIso(Number(address.createdAtMs)),
  };
};
