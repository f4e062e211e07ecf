import type { Clock } from "./clock.js";
import { invalidCredentials } from "./errors.js";
import type { PasswordHasher } from "./password-hasher.js";
import type { IssuedTokens, TokenIssuer } from "./token-issuer.js";
import { isEmailLogin, type User } from "./user.js";
import type { UserStore } from "./user-store.js";

export interface LoginInput {
  /** Username or email. */
  login: string;
  password: string;
}

export class Login {
  /** Verified against when the user is unknown, so that case costs the same time as a wrong password. */
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly deps: { store: UserStore; hasher: PasswordHasher; tokens: TokenIssuer; clock: Clock }) {}

  async execute(input: LoginInput): Promise<{ user: User; tokens: IssuedTokens }> {
    const { users, sessions } = this.deps.store;
    const login = input.login.trim();
    const user = isEmailLogin(login) ? await users.byEmail(login.toLowerCase()) : await users.byUsername(login);
    if (!user) {
      this.dummyHash ??= this.deps.hasher.hash("timing-equalizer-password");
      await this.deps.hasher.verify(await this.dummyHash, input.password);
      throw invalidCredentials();
    }
    const ok = await this.deps.hasher.verify(user.passwordHash, input.password);
    if (!ok || user.disabled) throw invalidCredentials();
    const tokens = await this.deps.tokens.issue(sessions, user, this.deps.clock.now());
    return { user, tokens };
  }
}
