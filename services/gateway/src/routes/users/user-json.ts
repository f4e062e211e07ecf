import { Type, type Static } from "typebox";
import type { User } from "@bookstore/contracts/user/v1/user";
import { strictObject, toIso } from "../../schemas/common.js";

export const UserJson = strictObject({
  id: Type.String(),
  username: Type.String(),
  email: Type.String(),
  role: Type.Union([Type.Literal("admin"), Type.Literal("editor"), Type.Literal("viewer"), Type.Literal("customer")]),
  createdAt: Type.String({ format: "date-time" }),
});
export type UserJson = Static<typeof UserJson>;

/** A reply without its user breaks the contract: that is a 500, not something to paper over. */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`user service answered without ${what}`);
  return value;
}

export const userJson = (u: User | undefined): UserJson => {
  const user = present(u, "a user");
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    // The schema lists the roles; the serializer would refuse anything else, which is the right failure.
    role: user.role as UserJson["role"],
    createdAt: toIso(Number(user.createdAtMs)),
  };
};
