import type { Address } from "./address.js";
import type { UserStore } from "./user-store.js";

export class ListAddresses {
  constructor(private readonly deps: { store: UserStore }) {}

  execute(input: { userId: string }): Promise<Address[]> {
    return this.deps.store.reads({ userId: input.userId }).addresses.listByUser(input.userId);
  }
}
