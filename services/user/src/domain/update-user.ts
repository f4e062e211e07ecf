import type { Actor } from "./actor.js";
import type { Clock } from "./clock.js";
import { emailTaken, selfLockout, userNotFound } from "./errors.js";
import { checkRole, normalizeEmail, type User } from "./user.js";
import type { UserStore } from "./user-store.js";

export interface UpdateUserInput {
  id: string;
  role?: string | undefined;
  email?: string | undefined;
  disabled?: boolean | undefined;
}

/** Staff changes a role, an email or the disabled flag. Disabling ends every session of the user. */
export class UpdateUser {
  constructor(private readonly deps: { store: UserStore; clock: Clock }) {}

  async execute(actor: Actor, input: UpdateUserInput): Promise<User> {
    const role = input.role === undefined ? undefined : checkRole(input.role);
    const email = input.email === undefined ? undefined : normalizeEmail(input.email);
    const nowMs = this.deps.clock.now().getTime();
    const updated = await this.deps.store.transaction(async ({ users, sessions }) => {
      const user = await users.byId(input.id);
      if (!user) throw userNotFound(input.id);
      // An admin demoting or disabling themselves could leave nobody able to undo it.
      if (actor.userId === user.id && ((role !== undefined && role !== user.role) || input.disabled === true))
        throw selfLockout();
      if (email !== undefined && email !== user.email) {
        const holder = await users.byEmail(email);
        if (holder && holder.id !== user.id) throw emailTaken();
      }
      const next: User = {
        ...user,
        role: role ?? user.role,
        email: email ?? user.email,
        disabled: input.disabled ?? user.disabled,
        updatedAtMs: nowMs,
      };
      await users.update(next);
      if (next.disabled && !user.disabled) await sessions.revokeAllOfUser(user.id, nowMs);
      return next;
    });
    // Both the staff member who changed it and the user it describes read the change next.
    this.deps.store.noteWrite(actor.userId);
    this.deps.store.noteWrite(updated.id);
    return updated;
  }
}
