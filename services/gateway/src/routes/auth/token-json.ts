import type { Static } from "typebox";
import type { TokenPair, User } from "@bookstore/contracts/user/v1/user";
import { present, userJson } from "../users/user-json.js";
import type { TokenResponse } from "./auth-schemas.js";

export const tokenJson = (res: {
  tokens?: TokenPair | undefined;
  user?: User | undefined;
}): Static<typeof TokenResponse> => {
  const tokens = present(res.tokens, "tokens");
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    tokenType: "Bearer",
    expiresIn: tokens.expiresIn,
    user: userJson(res.user),
  };
};
