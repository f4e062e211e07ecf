import { userNotFound } from "./errors.js";
import type { User } from "./user.js";
import type { UserStore } from "./user-store.js";

export class GetUser {
  constructor(private readonly deps: { store: UserStore }) {}

  async execute(input: { id: string }): Promise<User> {
    const user = await this.deps.store.users.byId(input.id);
    if (!user) throw userNotFound(input.id);
    return user;
  }
}
