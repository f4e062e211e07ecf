import type { MessageInitShape } from "@bufbuild/protobuf";
import type { TokenPairSchema, UserSchema } from "@bookstore/contracts/user/v1/user";
import type { IssuedTokens } from "../domain/token-issuer.js";
import type { User } from "../domain/user.js";

/** The password hash stays behind: only these fields cross the wire. */
export const userToProto = (u: User): MessageInitShape<typeof UserSchema> => ({
  id: u.id,
  username: u.username,
  email: u.email,
  role: u.role,
  createdAtMs: BigInt(u.createdAtMs),
  disabled: u.disabled,
});

export const tokensToProto = (t: IssuedTokens): MessageInitShape<typeof TokenPairSchema> => ({
  accessToken: t.accessToken,
  refreshToken: t.refreshToken,
  expiresIn: t.expiresIn,
});
