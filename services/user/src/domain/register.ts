import type { Clock, Ids } from "./clock.js";
import { emailTaken, usernameTaken } from "./errors.js";
import type { PasswordHasher } from "./password-hasher.js";
import { checkPassword } from "./password-policy.js";
import { checkUsername, normalizeEmail, type Role, type User } from "./user.js";
import type { UserStore } from "./user-store.js";

export interface RegisterInput {
  username: string;
  email: string;
  password: string;
}

/** Self-service sign-up: always a customer. `role` is for seeding staff accounts only. */
export class Register {
  constructor(private readonly deps: { store: UserStore; hasher: PasswordHasher; clock: Clock; ids: Ids }) {}

  async execute(input: RegisterInput, role: Role = "customer"): Promise<User> {
    const username = checkUsername(input.username);
    const email = normalizeEmail(input.email);
    checkPassword(input.password);
    const { users } = this.deps.store;
    // Friendly, field-specific answers; the unique indexes still decide a race (duplicateUser).
    if (await users.byUsername(username)) throw usernameTaken(username);
    if (await users.byEmail(email)) throw emailTaken();
    const nowMs = this.deps.clock.now().getTime();
    const user: User = {
      id: this.deps.ids.next(),
      username,
      email,
      role,
      disabled: false,
      passwordHash: await this.deps.hasher.hash(input.password),
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    };
    await users.insert(user);
    // The next step is usually /users/me, which may read a replica: make it see the new account.
    this.deps.store.noteWrite(user.id);
    return user;
  }
}
