import { Type } from "typebox";
import { strictObject } from "../../schemas/common.js";

// The same maximum lengths as the user service's address rules (which also trim and check formats).
const fields = {
  recipient: Type.String({ minLength: 1, maxLength: 64 }),
  phone: Type.String({ minLength: 1, maxLength: 32 }),
  region: Type.String({ minLength: 1, maxLength: 128 }),
  line1: Type.String({ minLength: 1, maxLength: 255 }),
  postalCode: Type.String({ maxLength: 16 }),
  isDefault: Type.Boolean({ description: "becoming the default takes the flag from the previous default" }),
};

export const CreateAddressBody = strictObject({
  recipient: fields.recipient,
  phone: fields.phone,
  region: fields.region,
  line1: fields.line1,
  postalCode: Type.Optional(fields.postalCode),
  isDefault: Type.Optional(fields.isDefault),
});

export const UpdateAddressBody = strictObject({
  recipient: Type.Optional(fields.recipient),
  phone: Type.Optional(fields.phone),
  region: Type.Optional(fields.region),
  line1: Type.Optional(fields.line1),
  postalCode: Type.Optional(fields.postalCode),
  isDefault: Type.Optional(fields.isDefault),
});
