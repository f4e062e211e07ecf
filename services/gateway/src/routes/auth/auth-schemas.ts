import { Type } from "typebox";
import { strictObject } from "../../schemas/common.js";
import { UserJson } from "../users/user-json.js";

// Lengths only: the user service owns the rules (username pattern, password policy) and answers 400 itself.
const Password = Type.String({ minLength: 1, maxLength: 128 });
const RefreshToken = Type.String({ minLength: 1, maxLength: 256 });

export const RegisterBody = strictObject({
  username: Type.String({ minLength: 1, maxLength: 32, description: "3-32 of a-z A-Z 0-9 _ . -" }),
  email: Type.String({ minLength: 1, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 128, description: "8-128 characters" }),
});

export const LoginBody = strictObject(
  {
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 254, description: "username (or an email)" })),
    email: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })),
    password: Password,
  },
  { description: "exactly one of username or email" },
);

export const RefreshBody = strictObject({ refreshToken: RefreshToken });

export const RegisterResponse = strictObject({ user: UserJson });

export const TokenResponse = strictObject({
  accessToken: Type.String(),
  refreshToken: Type.String(),
  tokenType: Type.Literal("Bearer"),
  expiresIn: Type.Integer({ description: "access token lifetime in seconds" }),
  user: UserJson,
});
