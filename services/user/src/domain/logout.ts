import type { Clock } from "./clock.js";
import type { RefreshTokenSource } from "./refresh-token-source.js";
import type { UserStore } from "./user-store.js";

/** Ends the login the token belongs to (its whole family). An unknown token is not an error: the outcome is the same. */
export class Logout {
  constructor(private readonly deps: { store: UserStore; refresh: RefreshTokenSource; clock: Clock }) {}

  async execute(input: { refreshToken: string }): Promise<void> {
    const { sessions } = this.deps.store;
    const session = await sessions.byTokenHash(this.deps.refresh.hashOf(input.refreshToken));
    if (session) await sessions.revokeFamily(session.familyId, this.deps.clock.now().getTime());
  }
}
