import type { MessageInitShape } from "@bufbuild/protobuf";
import type { AddressSchema } from "@bookstore/contracts/user/v1/user";
import type { Address } from "../domain/address.js";

export const addressToProto = (a: Address): MessageInitShape<typeof AddressSchema> => ({
  id: a.id,
  userId: a.userId,
  recipient: a.recipient,
  phone: a.phone,
  region: a.region,
  line1: a.line1,
  postalCode: a.postalCode,
  isDefault: a.isDefault,
  createdAtMs: BigInt(a.createdAtMs),
});
