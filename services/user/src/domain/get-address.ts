import type { Address } from "./address.js";
import { addressNotFound } from "./errors.js";
import type { UserStore } from "./user-store.js";

export class GetAddress {
  constructor(private readonly deps: { store: UserStore }) {}

  async execute(input: { userId: string; id: string }): Promise<Address> {
    const address = await this.deps.store.reads({ userId: input.userId }).addresses.byId(input.userId, input.id);
    if (!address) throw addressNotFound(input.id);
    return address;
  }
}
