import type { ServiceImpl } from "@connectrpc/connect";
import type { UserService } from "@bookstore/contracts/user/v1/user";
import { tokensToProto, userToProto } from "./user-codec.js";
import type { UserUseCases } from "./user-use-cases.js";

type AuthMethods = Pick<ServiceImpl<typeof UserService>, "register" | "login" | "refresh" | "logout">;

/** Public methods: the caller is whoever holds the password or refresh token. */
export const authHandlers = (uc: UserUseCases): AuthMethods => ({
  async register(req) {
    const user = await uc.register.execute({ username: req.username, email: req.email, password: req.password });
    return { user: userToProto(user) };
  },
  async login(req) {
    const { user, tokens } = await uc.login.execute({ login: req.login, password: req.password });
    return { user: userToProto(user), tokens: tokensToProto(tokens) };
  },
  async refresh(req) {
    const { user, tokens } = await uc.refresh.execute({ refreshToken: req.refreshToken });
    return { user: userToProto(user), tokens: tokensToProto(tokens) };
  },
  async logout(req) {
    await uc.logout.execute({ refreshToken: req.refreshToken });
    return {};
  },
});
