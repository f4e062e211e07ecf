import { addressNotFound } from "./errors.js";
import type { UserStore } from "./user-store.js";

export class DeleteAddress {
  constructor(private readonly deps: { store: UserStore }) {}

  async execute(input: { userId: string; id: string }): Promise<void> {
    if (!(await this.deps.store.addresses.delete(input.userId, input.id))) throw addressNotFound(input.id);
    this.deps.store.noteWrite(input.userId);
  }
}
