import { userNotFound } from "./errors.js";
import type { User } from "./user.js";
import type { UserStore } from "./user-store.js";

export class GetUser {
  constructor(private readonly deps: { store: UserStore }) {}

  /** `viewerId`: who asks (the user themselves for /users/me, or staff); their own recent writes are visible. */
  async execute(input: { id: string; viewerId: string }): Promise<User> {
    const user = await this.deps.store.reads({ userId: input.viewerId }).users.byId(input.id);
    if (!user) throw userNotFound(input.id);
    return user;
  }
}
